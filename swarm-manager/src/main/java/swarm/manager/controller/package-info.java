/**
 * The leader-only control loop: {@link swarm.manager.controller.Controller} (a pure function from
 * state and time to store commands) and {@link swarm.manager.controller.ControllerLoop}, which runs
 * every controller on one thread and proposes their combined commands as one log entry per pass (a
 * big pass as a few entries, in flight together and applied in order; {@code Entries} cuts them
 * under Ratis's size limit).
 */
package swarm.manager.controller;
