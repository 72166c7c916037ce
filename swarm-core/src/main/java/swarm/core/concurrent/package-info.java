/** Small concurrency pieces shared by managers and workers. */
package swarm.core.concurrent;
