package swarm.manager.controlapi;

import java.util.ArrayList;
import java.util.List;
import swarm.core.object.Node;

/**
 * Raft's arithmetic for role changes (Docker's admin guide: N managers tolerate ⌊(N−1)/2⌋ losses): whether a
 * demotion is allowed, and what a person should be told when a change leaves the swarm fragile. Stateless.
 */
final class ManagerQuorum {
  static final String LAST_MANAGER = "attempting to demote the last manager of the swarm";

  private ManagerQuorum() {}

  /** Managers that tolerate this many losses. */
  static int faultTolerance(int managers) {
    return managers <= 0 ? 0 : (managers - 1) / 2;
  }

  /**
   * Warnings for going from {@code before} to {@code after} managers; empty when fault tolerance is kept or the
   * count did not change.
   */
  static List<String> warnings(int before, int after) {
    List<String> out = new ArrayList<>();
    if (before == after || after <= 0) {
      return out;
    }
    if (faultTolerance(after) == 0) {
      out.add("the swarm will not tolerate the loss of a manager: with " + after + (after == 1 ? " manager" : " managers")
          + (after == 2 ? " both are needed for a quorum" : "") + "; use 3 or 5 managers to tolerate the loss of one"
          + " or two");
    } else if (faultTolerance(after) < faultTolerance(before)) {
      out.add("the swarm now tolerates the loss of " + faultTolerance(after) + " manager"
          + (faultTolerance(after) == 1 ? "" : "s") + " instead of " + faultTolerance(before));
    } else if (after % 2 == 0 && after > before) {
      out.add(after + " managers tolerate no more losses than " + (after - 1) + ": use an odd number of managers");
    }
    return out;
  }

  static int managers(Iterable<Node> nodes) {
    int n = 0;
    for (Node node : nodes) {
      if (node.spec() != null && node.spec().role() == Node.Role.MANAGER) {
        n++;
      }
    }
    return n;
  }
}
