/**
 * Scheduler filters, one class each behind {@link swarm.manager.scheduler.filter.NodeFilter}, and the
 * {@link swarm.manager.scheduler.filter.Pipeline} that runs them and explains why no node fit.
 */
package swarm.manager.scheduler.filter;
