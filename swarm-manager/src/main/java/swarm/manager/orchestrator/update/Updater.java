package swarm.manager.orchestrator.update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import swarm.core.log.StoreCommand;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.manager.controller.Controller;
import swarm.manager.orchestrator.Slots;
import swarm.manager.state.ClusterState;

/**
 * Rolls services onto their current spec (swarmkit's updater): replaces tasks of an outdated spec a few slots at a
 * time per the service's {@code UpdateConfig} (its {@code RollbackConfig} during a rollback), watches the new tasks,
 * applies the failure action, and keeps {@code Service.UpdateStatus} (UPDATING → COMPLETED, PAUSED, ROLLBACK_STARTED →
 * ROLLBACK_COMPLETED, ROLLBACK_PAUSED) up to date. A changed replica count alone is not an update: the template is
 * unchanged. A global service is updated node by node, the node in place of the slot.
 *
 * <p>Nothing is remembered between passes: an update's progress is read from the Raft state, from the service's
 * status (its state and when it started) and its tasks (which slots already run a task the update made, since when
 * it runs: {@code Task.runningSince}, and how the others ended), so a new leader carries on an update where the old
 * one left it, without redoing a finished slot. {@link RollingUpdate} does one service's pass; the design, and where
 * it departs from Swarm, is in {@code docs/design/rolling-updates.md}.
 *
 * <p>Who does what: the control API starts an update (or a rollback) by writing the spec and the status; this
 * controller replaces tasks, writes the status as the update moves on and marks a task that missed its
 * {@link SlotDeadline} as failed; the restart supervisor starts stop-first replacements once the old task stopped,
 * and handles every failed task by its restart policy, as it does outside updates.
 * Stateless; thread-safe.
 */
public final class Updater implements Controller {
  @Override
  public List<StoreCommand> reconcile(ClusterState state, Instant now) {
    List<StoreCommand> commands = new ArrayList<>();
    for (RollingUpdate update : updates(state, now)) {
      commands.addAll(update.commands());
    }
    return commands;
  }

  /** The end of a delay or monitor period, or a task's deadline: the update moves on then even if nothing changes. */
  @Override
  public Optional<Instant> nextDeadline(ClusterState state, Instant now) {
    return updates(state, now).stream().map(RollingUpdate::nextDeadline).flatMap(Optional::stream)
        .min(Comparator.naturalOrder());
  }

  private static List<RollingUpdate> updates(ClusterState state, Instant now) {
    Map<String, Map<Long, List<Task>>> slotsOfServices = Slots.slotsOfServices(state);
    Map<String, Map<String, List<Task>>> nodesOfServices = Slots.nodesOfServices(state);
    List<Service> services = new ArrayList<>(state.services().values());
    services.sort(Comparator.comparing(Service::id));
    List<RollingUpdate> updates = new ArrayList<>();
    for (Service service : services) {
      List<UpdateSlot> slots = new ArrayList<>();
      if (service.spec().mode().isGlobal()) {
        nodesOfServices.getOrDefault(service.id(), Map.of()).forEach((nodeId, tasks) ->
            slots.add(UpdateSlot.global(state, service, nodeId, tasks)));
      } else {
        slotsOfServices.getOrDefault(service.id(), Map.of()).forEach((slot, tasks) ->
            slots.add(UpdateSlot.replicated(service, slot, tasks)));
      }
      updates.add(new RollingUpdate(service, slots, now));
    }
    return updates;
  }
}
