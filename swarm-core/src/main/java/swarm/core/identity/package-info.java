/** Object ids: Docker-style random 25-character lowercase base-36 identifiers. */
package swarm.core.identity;
