package swarm.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import swarm.core.json.Json;
import swarm.core.json.WireNames;

/**
 * Docker's {@code ContainerSpec.Privileges} (Engine API v1.44): the security settings of a task's
 * container. Only {@code Seccomp} is kept; Docker's {@code CredentialSpec}, {@code SELinuxContext},
 * {@code AppArmor} and {@code NoNewPrivileges} are ignored when read, as swarm applies none of them.
 * Immutable.
 */
public record Privileges(Seccomp seccomp) {
  /** True when nothing differs from a container's defaults (Docker's default seccomp profile). */
  public boolean isDefault() {
    return seccomp == null || seccomp.isDefault();
  }

  public List<String> validate() {
    return seccomp == null ? List.of() : seccomp.validate();
  }

  /**
   * Docker's {@code SeccompOpts}: the seccomp filter of the container. {@code profile} is the JSON
   * text of a profile in Docker's format ({@code docker run --security-opt seccomp=FILE}), for mode
   * {@code custom} only. On the wire {@code Profile} is base64, as Docker's API encodes it (a Go
   * {@code []byte}); the JSON text itself is accepted as well.
   */
  public record Seccomp(Mode mode,
                        @JsonSerialize(using = ProfileText.Writer.class)
                        @JsonDeserialize(using = ProfileText.Reader.class)
                        String profile) {
    private static final String FLAG = "--security-opt seccomp";

    public Seccomp {
      mode = mode == null ? Mode.DEFAULT : mode;
      profile = profile == null || profile.isEmpty() ? null : profile;
    }

    public static Seccomp of(Mode mode) {
      return new Seccomp(mode, null);
    }

    public static Seccomp custom(String profile) {
      return new Seccomp(Mode.CUSTOM, profile);
    }

    public boolean isDefault() {
      return mode == Mode.DEFAULT && profile == null;
    }

    /** Every problem, for a person, naming the CLI flag. */
    public List<String> validate() {
      List<String> problems = new ArrayList<>();
      if (mode == Mode.CUSTOM) {
        if (profile == null || profile.isBlank()) {
          problems.add("invalid seccomp setting (" + FLAG + "=FILE): mode custom needs a profile");
        } else {
          profileProblem(profile).ifPresent(p -> problems.add("invalid seccomp profile (" + FLAG + "=FILE): " + p));
        }
      } else if (profile != null) {
        problems.add("invalid seccomp setting (" + FLAG + "): a profile is only used with mode custom, not "
            + mode.wire());
      }
      return problems;
    }

    /**
     * What keeps {@code text} from being a seccomp profile in Docker's format, if anything: it must
     * be one JSON object with a {@code defaultAction}, and its {@code syscalls} a list.
     */
    public static Optional<String> profileProblem(String text) {
      JsonNode p;
      try {
        p = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
      } catch (JsonProcessingException e) {
        return Optional.of("not JSON (" + e.getOriginalMessage() + ")");
      } catch (IOException e) {
        return Optional.of("not JSON (" + e.getMessage() + ")");
      }
      if (p == null || !p.isObject()) {
        return Optional.of("must be a JSON object with a defaultAction");
      }
      if (!p.path("defaultAction").isTextual() || p.path("defaultAction").asText().isBlank()) {
        return Optional.of("has no defaultAction (e.g. \"defaultAction\": \"SCMP_ACT_ERRNO\")");
      }
      if (p.has("syscalls") && !p.get("syscalls").isArray() && !p.get("syscalls").isNull()) {
        return Optional.of("syscalls must be a list");
      }
      if (p.path("architectures").size() > 0 && p.path("archMap").size() > 0) {
        return Optional.of("has both architectures and archMap: give one");
      }
      return Optional.empty();
    }
  }

  /** Docker's {@code SeccompMode}. */
  public enum Mode {
    /** Docker's default profile. */
    DEFAULT,
    /** No seccomp filter at all. */
    UNCONFINED,
    /** The profile given in {@code Profile}. */
    CUSTOM;

    @JsonValue
    public String wire() {
      return WireNames.of(this);
    }

    @JsonCreator
    public static Mode parse(String text) {
      try {
        return WireNames.parse(Mode.class, text, "seccomp mode");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + " (--security-opt seccomp=unconfined|default|FILE)");
      }
    }
  }

  /** {@code Profile} on the wire: base64 of the JSON text, as Docker writes it; JSON text is read too. */
  static final class ProfileText {
    private ProfileText() {}

    static final class Writer extends JsonSerializer<String> {
      @Override
      public void serialize(String text, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
      }
    }

    static final class Reader extends JsonDeserializer<String> {
      @Override
      public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        String wire = p.getValueAsString();
        if (wire == null || wire.strip().startsWith("{")) {
          return wire;
        }
        try {
          return new String(Base64.getDecoder().decode(wire), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
          return wire; // validation reports it as not JSON
        }
      }
    }
  }
}
