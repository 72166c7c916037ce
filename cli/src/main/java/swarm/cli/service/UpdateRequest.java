package swarm.cli.service;

import java.util.Set;

/**
 * An update or rollback the CLI has sent, with what the wait needs to judge it: the service, a {@link UpdateWatch}
 * knowing what was asked and the status before, and the tasks that had ended before (their failures are not this
 * request's). Immutable.
 */
record UpdateRequest(String serviceId, String name, UpdateWatch watch, Set<String> endedBefore) {
  UpdateRequest {
    endedBefore = Set.copyOf(endedBefore);
  }
}
