/** Errors for people: one exception type with a kind (invalid, not found, conflict, ...) and every problem found. */
package swarm.core.error;
