/** Shared test fixtures: a clock tests move by hand, a state builder, an in-memory log. */
package swarm.manager.testing;
