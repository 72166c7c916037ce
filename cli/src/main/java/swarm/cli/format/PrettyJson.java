package swarm.cli.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import swarm.core.json.Json;

/** JSON as {@code docker inspect} prints it: four-space indent, {@code "Key": value}, {@code []} and {@code {}}. */
public final class PrettyJson {
  private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(Separators.createDefaultInstance()
      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
      .withObjectEmptySeparator("")
      .withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("    ", "\n"))
      .withArrayIndenter(new DefaultIndenter("    ", "\n"));

  private PrettyJson() {}

  public static String of(Object value) {
    try {
      return Json.MAPPER.writer(PRINTER).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }
}
