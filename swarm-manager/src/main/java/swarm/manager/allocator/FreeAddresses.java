package swarm.manager.allocator;

import java.util.HashMap;
import java.util.Map;
import swarm.core.object.Network;
import swarm.core.spec.Cidr;
import swarm.manager.state.AddressBook;

/**
 * One allocator pass's view of free addresses: the lowest host address of a network nobody holds in the
 * {@link AddressBook}, taken at once so the pass gives it to nobody else. Within a pass nothing is released, so the
 * search for a network resumes where its last one ended. Not thread-safe: one pass, one thread.
 */
final class FreeAddresses {
  private final AddressBook book;
  private final Map<String, Long> cursor = new HashMap<>();

  FreeAddresses(AddressBook book) {
    this.book = book;
  }

  /** A free address of {@code n} in CIDR form ({@code 10.0.1.5/24}), now held by {@code holder}; null if none. */
  String take(Network n, AddressBook.Holder holder) {
    Cidr subnet = n.cidr();
    for (long i = cursor.getOrDefault(n.id(), 1L); i < subnet.size() - 1; i++) {
      int a = subnet.at(i);
      if (book.holder(n.id(), a) == null) {
        book.take(n.id(), a, holder);
        cursor.put(n.id(), i + 1);
        return subnet.withPrefix(a);
      }
    }
    cursor.put(n.id(), subnet.size());
    return null;
  }
}
