package swarm.core.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import swarm.core.error.SwarmException;

/**
 * JSON from a client (API request bodies), read as strictly as Docker's Go decoder reads it: no string, float or
 * boolean taken for an integer ({@code "Replicas":"3"}, {@code 1.5}), no number for a string ({@code "Name":123}),
 * no {@code null} inside a list or map, nothing after the value. A problem is a {@link SwarmException} (400) naming
 * the JSON field path and what it holds: {@code invalid value for Mode.Replicated.Replicas: expected an integer,
 * got "3"}.
 *
 * <p>Only for input that has not been accepted yet: Raft entries and snapshots keep {@link Json#MAPPER}, so an
 * entry committed under the looser rules still replays. Thread-safe (the mapper is configured once, then read).
 */
public final class InputJson {
  private static final ObjectMapper STRICT = strict(Json.MAPPER.copy());
  private static final int MAX_SHOWN = 60;

  private InputJson() {}

  @SuppressWarnings("deprecation") // MapperFeature on a built mapper: Json.MAPPER is not a builder-made JsonMapper
  private static ObjectMapper strict(ObjectMapper m) {
    m.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
    m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    m.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
    m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    // Our enums are read by a String @JsonCreator, which Jackson feeds any scalar as text ("Condition": 1).
    m.registerModule(new SimpleModule("text-only-enums").setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                        BeanDescription description, JsonDeserializer<?> d) {
        return new TextOnly(d);
      }
    }));
    return m;
  }

  /** Refuses anything but a JSON string before the wrapped deserializer sees it (null never reaches it). */
  private static final class TextOnly extends DelegatingDeserializer {
    TextOnly(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new TextOnly(delegate);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        return ctxt.handleUnexpectedToken(handledType(), p);
      }
      return super.deserialize(p, ctxt);
    }
  }

  /**
   * The request body as a {@code type}.
   *
   * @throws SwarmException (invalid) when the body is empty or {@code null}, is not JSON, has anything after the
   *     value, or holds a value of the wrong type somewhere; the message names where
   */
  public static <T> T read(byte[] body, Class<T> type) {
    String what = type.getSimpleName();
    if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
      throw SwarmException.invalid("request body is empty: expected a JSON " + what);
    }
    try (JsonParser p = STRICT.getFactory().createParser(body)) {
      // Errors are turned into messages before the parser closes: the message shows the token it stood on.
      try {
        return value(p, type, what);
      } catch (JsonProcessingException e) {
        throw SwarmException.invalid(message(e, what));
      }
    } catch (IOException e) {
      throw SwarmException.invalid("cannot read the request body: " + e.getMessage());
    }
  }

  private static <T> T value(JsonParser p, Class<T> type, String what) throws IOException {
    T value = STRICT.readValue(p, type);
    if (value == null) {
      throw SwarmException.invalid("request body is null: expected a JSON " + what);
    }
    // Checked here rather than with FAIL_ON_TRAILING_TOKENS: its error cannot tell where the extra data starts.
    JsonLocation end = p.currentLocation();
    JsonToken extra;
    try {
      extra = p.nextToken();
    } catch (JsonProcessingException garbage) {
      extra = JsonToken.NOT_AVAILABLE;
    }
    if (extra != null) {
      throw SwarmException.invalid("invalid JSON for " + what + ": unexpected data after the JSON value at "
          + at(end));
    }
    return value;
  }

  /** One line for a person: where in the JSON, what was expected there and what came. */
  static String message(JsonProcessingException e, String what) {
    JsonParser p = e.getProcessor() instanceof JsonParser parser ? parser : null;
    if (e instanceof ValueInstantiationException v && v.getCause() instanceof IllegalArgumentException bad) {
      return "invalid value for " + where(v, p, what) + ": " + bad.getMessage();
    }
    if (e instanceof MismatchedInputException m) {
      String expected = m instanceof InvalidNullException ? null : expected(m.getTargetType());
      return "invalid value for " + where(m, p, what) + ": " + (expected == null ? "" : "expected " + expected + ", ")
          + "got " + got(p);
    }
    // Jackson wraps a number too large for its field with the path where it was.
    InputCoercionException range = e instanceof InputCoercionException c ? c
        : e.getCause() instanceof InputCoercionException c ? c : null;
    if (range != null) {
      return "invalid value for " + where(e instanceof JsonMappingException m ? m : null, p, what) + ": expected "
          + expected(range.getTargetType()) + ", got " + got(p) + " (out of range)";
    }
    String location = e.getLocation() == null ? "" : " at " + at(e.getLocation());
    return "invalid JSON for " + what + location + ": " + e.getOriginalMessage();
  }

  /** {@code Mode.Replicated.Replicas}, {@code TaskTemplate.ContainerSpec.Env[1]}; the type's name at the top. */
  private static String where(JsonMappingException m, JsonParser p, String what) {
    List<String> parts = new ArrayList<>();
    if (m != null && !m.getPath().isEmpty()) {
      for (JsonMappingException.Reference r : m.getPath()) {
        parts.add(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
      }
    } else if (p != null) {
      JsonStreamContext at = p.getParsingContext();
      if (at != null && (p.hasToken(JsonToken.START_ARRAY) || p.hasToken(JsonToken.START_OBJECT))) {
        at = at.getParent(); // the parser already stands inside the value that was wrong
      }
      for (JsonStreamContext c = at; c != null && !c.inRoot(); c = c.getParent()) {
        parts.add(c.inArray() ? "[" + Math.max(0, c.getCurrentIndex()) + "]" : c.getCurrentName());
      }
      Collections.reverse(parts);
    }
    StringBuilder b = new StringBuilder();
    for (String part : parts) {
      if (part == null) {
        continue;
      }
      if (!b.isEmpty() && !part.startsWith("[")) {
        b.append('.');
      }
      b.append(part);
    }
    return b.isEmpty() ? what : b.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return null;
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class
        || type == Short.class || type == short.class || type == BigInteger.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || type.isEnum() || Temporal.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return Map.class.isAssignableFrom(type) || !type.isPrimitive() ? "an object" : null;
  }

  /** What the parser stood on when it gave up, as the user wrote it (strings quoted, long ones shortened). */
  private static String got(JsonParser p) {
    JsonToken t = p == null ? null : p.currentToken();
    if (t == null) {
      return "nothing";
    }
    try {
      return switch (t) {
        case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
        case START_ARRAY, END_ARRAY -> "an array";
        case VALUE_STRING -> "\"" + shorten(p.getText()) + "\"";
        case VALUE_NULL -> "null";
        default -> shorten(p.getText());
      };
    } catch (IOException e) {
      return t.asString() == null ? t.name() : t.asString();
    }
  }

  private static String shorten(String text) {
    return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
  }

  private static String at(JsonLocation l) {
    return "line " + l.getLineNr() + ", column " + l.getColumnNr();
  }
}
