package swarm.manager.state;

/**
 * The result of {@link Store#viewAndWatch}: the state at the moment of subscribing, and the
 * subscription, which delivers every change after that state. Closing it unsubscribes; idempotent
 * and thread-safe.
 */
public final class Watch implements AutoCloseable {
  private final ClusterState state;
  private final Runnable cancel;

  Watch(ClusterState state, Runnable cancel) {
    this.state = state;
    this.cancel = cancel;
  }

  public ClusterState state() {
    return state;
  }

  @Override
  public void close() {
    cancel.run();
  }
}
