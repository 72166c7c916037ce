package swarm.cli;

/** Whether standard output is a terminal, which decides if progress is redrawn in place or printed line by line. */
final class Terminal {
  private Terminal() {}

  static boolean isInteractive() {
    // Java 17: System.console() is null unless both stdin and stdout are terminals, which is what we want to know.
    return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
  }
}
