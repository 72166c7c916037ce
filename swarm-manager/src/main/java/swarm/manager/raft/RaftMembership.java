package swarm.manager.raft;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import swarm.core.json.Json;

/**
 * Who this node is in Raft, persisted as {@code <raftDir>/raft-node.json} so a restart finds its
 * group again: the group id (derived from the cluster id), its own peer id (the node id) and the
 * address peers reach it at. Immutable.
 */
public record RaftMembership(@JsonProperty("GroupID") UUID groupId, @JsonProperty("PeerID") String peerId,
                             String address) {
  public static final String FILE = "raft-node.json";

  /** The group id is a function of the cluster id, so every manager of a cluster agrees on it. */
  public static UUID groupIdOf(String clusterId) {
    return UUID.nameUUIDFromBytes(("swarm-cluster:" + clusterId).getBytes(StandardCharsets.UTF_8));
  }

  public static boolean exists(Path raftDir) {
    return Files.isRegularFile(raftDir.resolve(FILE));
  }

  public static RaftMembership load(Path raftDir) {
    try {
      return Json.read(Files.readAllBytes(raftDir.resolve(FILE)), RaftMembership.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + raftDir.resolve(FILE), e);
    }
  }

  public void save(Path raftDir) {
    try {
      Files.createDirectories(raftDir);
      Path tmp = raftDir.resolve(FILE + ".tmp");
      Files.write(tmp, Json.toBytes(this));
      Files.move(tmp, raftDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + raftDir.resolve(FILE), e);
    }
  }
}
