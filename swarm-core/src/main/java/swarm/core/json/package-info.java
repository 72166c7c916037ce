/** The JSON codec shared by the API, the Raft log and snapshots (Docker Engine API field names). */
package swarm.core.json;
