package swarm.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One placement constraint, Docker's {@code KEY==VALUE} or {@code KEY!=VALUE} (swarmkit's
 * {@code manager/constraint}). Keys: {@code node.id}, {@code node.hostname}, {@code node.role},
 * {@code node.platform.os}, {@code node.platform.arch}, {@code node.labels.K}, {@code engine.labels.K}
 * (matched case-insensitively, as are values). Immutable.
 */
public record Constraint(String key, Operator operator, String value) {
  public static final String ALLOWED = "use KEY==VALUE or KEY!=VALUE with KEY one of node.id, node.hostname, "
      + "node.role, node.platform.os, node.platform.arch, node.labels.<name>, engine.labels.<name>";
  private static final List<String> FIXED_KEYS =
      List.of("node.id", "node.hostname", "node.role", "node.platform.os", "node.platform.arch");
  private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");
  // swarmkit's valuePattern: letters, digits and a few punctuation marks, spaces inside.
  private static final Pattern VALUE_CHAR = Pattern.compile("[A-Za-z0-9:\\-_\\s.*()?+\\[\\]\\\\^$|/@]");

  public enum Operator {
    EQ("=="), NE("!=");

    private final String text;

    Operator(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /**
   * Parses one expression.
   *
   * @throws IllegalArgumentException whose message names {@code --constraint}, the expression, the
   *     1-based position of the problem and what is allowed
   */
  public static Constraint parse(String expr) {
    if (expr == null) {
      throw bad("", 1, "empty constraint");
    }
    int eq = expr.indexOf("==");
    int ne = expr.indexOf("!=");
    int op = eq < 0 ? ne : ne < 0 ? eq : Math.min(eq, ne);
    if (op < 0) {
      int single = firstOf(expr, "=<>!");
      throw bad(expr, single < 0 ? expr.length() + 1 : single + 1, "expected == or !=");
    }
    Operator operator = op == eq ? Operator.EQ : Operator.NE;
    String rawKey = expr.substring(0, op);
    String key = rawKey.strip();
    int keyAt = rawKey.length() - rawKey.stripLeading().length();
    if (key.isEmpty()) {
      throw bad(expr, 1, "missing key before " + operator.text);
    }
    String keyProblem = keyProblem(key);
    if (keyProblem != null) {
      throw bad(expr, keyAt + 1, keyProblem);
    }
    int valueStart = op + 2;
    String rawValue = expr.substring(valueStart);
    String value = rawValue.strip();
    int valueAt = valueStart + rawValue.length() - rawValue.stripLeading().length();
    if (value.isEmpty()) {
      throw bad(expr, valueStart + 1, "missing value after " + operator.text);
    }
    if (value.contains("==") || value.contains("!=")) {
      int a = value.indexOf("==");
      int b = value.indexOf("!=");
      int again = a < 0 ? b : b < 0 ? a : Math.min(a, b);
      throw bad(expr, valueAt + again + 1, "more than one operator");
    }
    for (int i = 0; i < value.length(); i++) {
      if (!VALUE_CHAR.matcher(String.valueOf(value.charAt(i))).matches()) {
        throw bad(expr, valueAt + i + 1, "character '" + value.charAt(i) + "' is not allowed in a value");
      }
    }
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.equals("node.role") && !value.equalsIgnoreCase("manager") && !value.equalsIgnoreCase("worker")) {
      throw bad(expr, valueAt + 1, "node.role is manager or worker");
    }
    String canonical = lower.startsWith("node.labels.") || lower.startsWith("engine.labels.")
        ? lower.substring(0, lower.indexOf(".labels.") + 8) + key.substring(lower.indexOf(".labels.") + 8) : lower;
    return new Constraint(canonical, operator, value);
  }

  /** Every constraint, or the problems of the bad ones (each a full message). */
  public static List<String> problems(List<String> exprs) {
    List<String> problems = new ArrayList<>();
    for (String e : exprs) {
      try {
        parse(e);
      } catch (IllegalArgumentException ex) {
        problems.add(ex.getMessage());
      }
    }
    return problems;
  }

  /** All of them, in order. @throws IllegalArgumentException on the first bad one */
  public static List<Constraint> parseAll(List<String> exprs) {
    List<Constraint> out = new ArrayList<>(exprs.size());
    for (String e : exprs) {
      out.add(parse(e));
    }
    return out;
  }

  /**
   * Whether a node whose attribute {@link #key} has {@code actual} meets this constraint; a missing
   * attribute ({@code null}, e.g. an unset label) fails {@code ==} and passes {@code !=}, as in swarmkit.
   */
  public boolean matches(String actual) {
    boolean equal = actual != null && actual.strip().equalsIgnoreCase(value);
    return operator == Operator.EQ ? equal : !equal;
  }

  @Override
  public String toString() {
    return key + operator.text + value;
  }

  private static String keyProblem(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    for (String prefix : List.of("node.labels.", "engine.labels.")) {
      if (lower.startsWith(prefix)) {
        String name = key.substring(prefix.length());
        return LABEL_NAME.matcher(name).matches() ? null
            : name.isEmpty() ? "missing label name after '" + key + "'" : "invalid label name '" + name + "'";
      }
    }
    return FIXED_KEYS.contains(lower) ? null : "unknown key '" + key + "'";
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static IllegalArgumentException bad(String expr, int position, String problem) {
    return new IllegalArgumentException("invalid constraint '" + expr + "' (--constraint): at position " + position
        + ": " + problem + " (" + ALLOWED + ")");
  }
}
