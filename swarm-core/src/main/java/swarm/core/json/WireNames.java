package swarm.core.json;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Enums whose JSON form is Docker's lower-case word: {@code ON_FAILURE} is {@code on-failure}, {@code UDP} is
 * {@code udp}. One rule for every such enum, and one error that lists what is allowed.
 */
public final class WireNames {
  private WireNames() {}

  /** The constant's word: lower case, {@code _} as {@code -}. */
  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The constant of {@code type} whose word is {@code text}, in any case.
   *
   * @throws IllegalArgumentException "invalid WHAT 'text': use a, b or c"
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
    E[] constants = type.getEnumConstants();
    for (E e : constants) {
      if (of(e).equalsIgnoreCase(text.strip())) {
        return e;
      }
    }
    List<String> words = Arrays.stream(constants).map(WireNames::of).toList();
    throw new IllegalArgumentException("invalid " + what + " '" + text + "': use "
        + String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1));
  }
}
