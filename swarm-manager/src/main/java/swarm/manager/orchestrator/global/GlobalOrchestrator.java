package swarm.manager.orchestrator.global;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import swarm.core.log.StoreCommand;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.manager.controller.Controller;
import swarm.manager.orchestrator.Slots;
import swarm.manager.orchestrator.restart.RestartSupervisor;
import swarm.manager.state.ClusterState;

/**
 * Keeps one task of each global service on every eligible node (swarmkit's global orchestrator). Per service and
 * node:
 * <ul>
 *   <li>READY and ACTIVE node that meets the service's constraints, without a task meant to run → a new task, its
 *       node pre-filled and no slot (the scheduler still checks the node can take it, e.g. its resources); unless
 *       the node is done: its task of the current spec ended by itself and the restart policy does not replace
 *       it;</li>
 *   <li>drained, DOWN or removed node, or one that no longer meets the constraints (a label changed) → its tasks
 *       meant to run get desired SHUTDOWN ("avoids stuck rolling updates");</li>
 *   <li>paused, or not READY yet not DOWN (disconnected) → its tasks are kept, no new one.</li>
 * </ul>
 * Tasks of removed global services get desired REMOVE. Failed tasks are the restart supervisor's (it replaces them
 * on the same node); tasks of an outdated spec are the updater's (it replaces them on the same node, node by node).
 * Stateless; thread-safe.
 */
public final class GlobalOrchestrator implements Controller {
  @Override
  public List<StoreCommand> reconcile(ClusterState state, Instant now) {
    List<StoreCommand> commands = new ArrayList<>();
    Map<String, Map<String, List<Task>>> nodesOfServices = Slots.nodesOfServices(state);
    List<Service> services = new ArrayList<>(state.services().values());
    services.sort(Comparator.comparing(Service::id));
    for (Service service : services) {
      if (service.spec().mode().isGlobal()) {
        reconcile(state, service, nodesOfServices.getOrDefault(service.id(), Map.of()), now, commands);
      }
    }
    removeTasksOfRemovedServices(state, now, commands);
    return commands;
  }

  private static void reconcile(ClusterState state, Service service, Map<String, List<Task>> tasksByNode,
                                Instant now, List<StoreCommand> commands) {
    TreeSet<String> nodeIds = new TreeSet<>(state.nodes().keySet());
    nodeIds.addAll(tasksByNode.keySet()); // removed nodes that still hold tasks
    for (String nodeId : nodeIds) {
      List<Task> tasks = tasksByNode.getOrDefault(nodeId, List.of());
      if (Slots.isNodeInvalid(state, nodeId) || !Slots.meetsConstraints(service, state.nodes().get(nodeId))) {
        for (Task t : tasks) {
          if (Slots.isRunnable(t)) {
            commands.add(new StoreCommand.SetDesiredState(t.id(), TaskState.SHUTDOWN, now));
          }
        }
      } else if (Slots.isNodeEligible(state, nodeId)
          && tasks.stream().noneMatch(Slots::isRunnable) && !isDone(service, tasks)) {
        commands.add(new StoreCommand.CreateTask(Slots.newTask(service, nodeId, TaskState.RUNNING, List.of(), now)));
      }
    }
  }

  /**
   * The node's work for this spec is over: a task of the current spec stopped by itself and its restart policy
   * does not replace it (condition none, on-failure after success, or max attempts reached). A task shut down
   * because its node was drained did not stop by itself, so the node gets a task again once it is active.
   */
  private static boolean isDone(Service service, List<Task> tasks) {
    for (Task t : tasks) {
      boolean endedByItself = t.state() == TaskState.COMPLETE || t.state() == TaskState.FAILED
          || t.state() == TaskState.REJECTED;
      if (endedByItself && t.desiredState() == TaskState.SHUTDOWN && Slots.isCurrent(t, service)
          && !RestartSupervisor.wouldRestart(service, t)) {
        return true;
      }
    }
    return false;
  }

  /** Global tasks (no slot) of services that no longer exist; the replicated orchestrator removes the others. */
  private static void removeTasksOfRemovedServices(ClusterState state, Instant now, List<StoreCommand> commands) {
    state.tasks().values().stream()
        .filter(t -> t.slot() == null && t.serviceId() != null && !state.services().containsKey(t.serviceId()))
        .filter(t -> t.desiredState().compareTo(TaskState.REMOVE) < 0)
        .sorted(ClusterState.TASK_ORDER)
        .forEach(t -> commands.add(new StoreCommand.SetDesiredState(t.id(), TaskState.REMOVE, now)));
  }
}
