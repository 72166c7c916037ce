package swarm.manager.role;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.manager.raft.RaftPeerStatus;
import swarm.manager.state.ClusterState;

/**
 * What the role manager should do next, given the committed node roles and the Raft group as the leader sees it.
 * Level-triggered: computed afresh on every pass, so a missed event or a new leader converges. At most one Raft
 * change per plan (a configuration change must commit before the next is safe to compute).
 *
 * <ul>
 *   <li>A member whose node's spec role is WORKER (demoted) leaves the group: if it is this leader, leadership
 *       moves first to a reachable member that stays a manager; otherwise it is removed, unless that would leave
 *       the group without a reachable quorum, or it is the last member.</li>
 *   <li>A demoted node no longer in the group has its stale {@code ManagerStatus} cleared.</li>
 *   <li>A node whose spec role is MANAGER but which is not a member (promoted) is waiting for the node itself to
 *       start a Raft member and join: reported, nothing to do here.</li>
 * </ul>
 * A member without a node object is a manager still joining (it registers after the group took it): left alone.
 *
 * @param raftChange    the one Raft change to make now, if any
 * @param storeCommands store writes to commit (ManagerStatus cleanups)
 * @param waiting       why some wish cannot be carried out yet, one line per node (for the log)
 * @param promotions    ids of nodes promoted but not yet members
 */
public record RolePlan(Optional<RaftChange> raftChange, List<StoreCommand> storeCommands, List<String> waiting,
                       List<String> promotions) {

  /** One change to the Raft group. */
  public sealed interface RaftChange {
    String nodeId();
  }

  /** Hand leadership to {@code nodeId}, so that this leader can then be removed by the next one. */
  public record TransferLeadership(String nodeId, String demoted) implements RaftChange {}

  /** Remove the demoted {@code nodeId} from the group. */
  public record RemoveMember(String nodeId) implements RaftChange {}

  public boolean isEmpty() {
    return raftChange.isEmpty() && storeCommands.isEmpty();
  }

  public static RolePlan of(ClusterState state, List<RaftPeerStatus> peers, String selfId, Instant now) {
    Map<String, RaftPeerStatus> members = new TreeMap<>();
    for (RaftPeerStatus p : peers) {
      members.put(p.peerId(), p);
    }
    Optional<RaftChange> change = Optional.empty();
    List<StoreCommand> commands = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    List<String> promotions = new ArrayList<>();
    List<Node> nodes = new ArrayList<>(state.nodes().values());
    nodes.sort(Comparator.comparing(Node::id));
    for (Node node : nodes) {
      Node.Role wanted = node.spec() == null ? Node.Role.WORKER : node.spec().role();
      boolean member = members.containsKey(node.id());
      if (wanted == Node.Role.WORKER && member) {
        if (change.isPresent()) {
          continue;
        }
        if (members.size() <= 1) {
          waiting.add("node " + node.id() + " is demoted but is the last manager: it stays in the Raft group");
        } else if (node.id().equals(selfId)) {
          Optional<String> successor = successor(state, members, selfId);
          if (successor.isPresent()) {
            change = Optional.of(new TransferLeadership(successor.get(), node.id()));
          } else {
            waiting.add("node " + node.id() + " (this leader) is demoted: waiting for a reachable manager to hand"
                + " leadership to");
          }
        } else if (!keepsQuorum(members, node.id())) {
          waiting.add("node " + node.id() + " is demoted: removing it now would leave the managers without a"
              + " reachable quorum; waiting");
        } else {
          change = Optional.of(new RemoveMember(node.id()));
        }
      } else if (wanted == Node.Role.WORKER && node.managerStatus() != null) {
        commands.add(new StoreCommand.PutNode(node.withManagerStatus(null, now), node.version().index()));
      } else if (wanted == Node.Role.MANAGER && !member) {
        promotions.add(node.id());
      }
    }
    return new RolePlan(change, commands, waiting, promotions);
  }

  /** A reachable member, other than this one, whose node stays a manager (lowest id first, for determinism). */
  private static Optional<String> successor(ClusterState state, Map<String, RaftPeerStatus> members, String selfId) {
    return members.values().stream()
        .filter(p -> !p.peerId().equals(selfId))
        .filter(p -> p.reachability() == RaftPeerStatus.Reachability.REACHABLE)
        .filter(p -> {
          Node n = state.nodes().get(p.peerId());
          return n == null || n.spec() == null || n.spec().role() == Node.Role.MANAGER;
        })
        .map(RaftPeerStatus::peerId)
        .findFirst();
  }

  /** After removing {@code leaving}, the reachable members still form a majority of the remaining group. */
  static boolean keepsQuorum(Map<String, RaftPeerStatus> members, String leaving) {
    int remaining = members.size() - 1;
    long reachable = members.values().stream()
        .filter(p -> !p.peerId().equals(leaving))
        .filter(p -> p.reachability() == RaftPeerStatus.Reachability.REACHABLE)
        .count();
    return reachable >= remaining / 2 + 1;
  }
}
