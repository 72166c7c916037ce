package swarm.core.log;

import java.util.List;

/** One Raft entry: commands applied atomically, all or none. */
public record CommandBatch(List<StoreCommand> commands) {
  public CommandBatch {
    commands = commands == null ? List.of() : List.copyOf(commands);
  }

  public static CommandBatch of(StoreCommand... commands) {
    return new CommandBatch(List.of(commands));
  }
}
