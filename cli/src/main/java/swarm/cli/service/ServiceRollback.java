package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;
import swarm.cli.client.ApiClient;
import swarm.cli.client.Query;
import swarm.core.object.Task;

/**
 * {@code swarm service rollback [OPTIONS] SERVICE} (and {@code service update --rollback}): asks the managers to
 * put the service's previous spec back ({@code POST /services/{id}/update?rollback=previous}, at the version read,
 * as docker does), prints its name and, unless {@code --detach}, waits until the rollback completed, showing the
 * tasks being rolled back. The managers replace the tasks with the service's rollback config
 * ({@code --rollback-*}). A service never updated has no previous spec: the managers refuse, and say so.
 */
@Command(name = "rollback", description = "Revert changes to a service's configuration",
    customSynopsis = "swarm service rollback [OPTIONS] SERVICE")
public final class ServiceRollback extends ApiCommand {
  @Mixin
  UpdateWaitFlags wait = new UpdateWaitFlags();

  @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name or id")
  String service;

  @Override
  public Integer call() {
    FlagValues v = new FlagValues();
    wait.parse(v);
    v.check();
    UpdateRequest request = send(client(), err(), service, !wait.detach);
    return wait.await(client(), out(), err(), root().interactive(), clock(), request);
  }

  /**
   * Sends the rollback of {@code ref}.
   *
   * @param readTasks whether to read the tasks first (to wait: failures of tasks ended before are not the rollback's)
   */
  static UpdateRequest send(ApiClient client, PrintWriter err, String ref, boolean readTasks) {
    JsonNode found = client.get("/services/" + Query.segment(ref));
    String id = found.path("ID").asText();
    String name = found.path("Spec").path("Name").asText(ref);
    long version = found.path("Version").path("Index").asLong();
    List<Task> before = readTasks ? TaskQueries.tasksOf(client, id, List.of()) : List.of();
    // Docker's CLI sends the spec it read; the managers ignore it and take the previous one.
    JsonNode answer = client.post(Query.path("/services/" + id + "/update").param("version", version)
        .param("rollback", "previous").toString(), found.path("Spec"));
    for (JsonNode w : answer.path("Warnings")) {
      err.println("warning: " + w.asText());
    }
    return new UpdateRequest(id, name,
        new UpdateWatch(name, UpdateWatch.Asked.ROLLBACK, UpdateMonitor.status(found)),
        ConvergenceMonitor.endedTasks(before));
  }
}
