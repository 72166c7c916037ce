package swarm.manager.state;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.spec;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Service;

class StoreTest {
  @Test
  void viewAndWatchSeesTheStateThenEveryLaterChange() {
    Store store = new Store();
    store.apply(CommandBatch.of(new StoreCommand.CreateService(new Service("s1", null, T0, T0, spec("a", 1), null))), 1);
    List<Change> seen = new ArrayList<>();

    try (Watch watch = store.viewAndWatch((state, changes) -> seen.addAll(changes))) {
      store.apply(CommandBatch.of(new StoreCommand.CreateService(new Service("s2", null, T0, T0, spec("b", 1), null))),
          2);

      assertThat(watch.state().services()).containsOnlyKeys("s1");
      assertThat(seen).extracting(Change::id).containsExactly("s2");
    }
    store.apply(CommandBatch.of(new StoreCommand.RemoveService("s2")), 3);
    assertThat(seen).hasSize(1);
  }
}
