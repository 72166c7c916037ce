package swarm.cli.service;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one flag value into words the way docker reads {@code --args "sh -c 'echo hi'"} (POSIX shell quoting,
 * no expansion): blanks separate words; single quotes keep everything literally; double quotes keep everything
 * but a backslash before {@code "}, {@code \} or {@code $}; a backslash outside quotes keeps the next character.
 * Stateless.
 */
final class ShellWords {
  private ShellWords() {}

  /** The words of {@code text}; null when a quote is left open or the text ends in a lone backslash. */
  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < text.length() && "\"\\$".indexOf(text.charAt(i + 1)) >= 0) {
          word.append(text.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        inWord = true;
        if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '\\') {
          if (++i == text.length()) {
            return null;
          }
          word.append(text.charAt(i));
        } else {
          word.append(c);
        }
      }
    }
    if (quote != 0) {
      return null;
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
