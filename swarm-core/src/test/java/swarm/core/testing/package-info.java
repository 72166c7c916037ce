/** Fixtures shared by the tests of every module (through swarm-core's test-jar): hand-built tar archives. */
package swarm.core.testing;
