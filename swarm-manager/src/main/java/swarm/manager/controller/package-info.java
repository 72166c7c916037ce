/**
 * The leader-only control loop: {@link swarm.manager.controller.Controller} (a pure function from
 * state and time to store commands) and {@link swarm.manager.controller.ControllerLoop}, which runs
 * every controller on one thread and proposes their combined commands as one log entry per pass.
 */
package swarm.manager.controller;
