package swarm.cli.service;

/**
 * One line of {@code GET /services/{id}/logs?details=1}: {@code [timestamp ]details message}, where details are
 * {@code com.docker.swarm.node.id=N,com.docker.swarm.service.id=S,com.docker.swarm.task.id=T}.
 */
record LogLine(String timestamp, String nodeId, String serviceId, String taskId, String message) {
  static LogLine parse(String line, boolean withTimestamp) {
    String rest = line;
    String ts = null;
    if (withTimestamp) {
      int sp = rest.indexOf(' ');
      ts = sp < 0 ? rest : rest.substring(0, sp);
      rest = sp < 0 ? "" : rest.substring(sp + 1);
    }
    String node = null;
    String service = null;
    String task = null;
    int sp = rest.indexOf(' ');
    String details = sp < 0 ? rest : rest.substring(0, sp);
    if (details.contains("com.docker.swarm.")) {
      for (String kv : details.split(",")) {
        int eq = kv.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String value = kv.substring(eq + 1);
        switch (kv.substring(0, eq)) {
          case "com.docker.swarm.node.id" -> node = value;
          case "com.docker.swarm.service.id" -> service = value;
          case "com.docker.swarm.task.id" -> task = value;
          default -> { }
        }
      }
      rest = sp < 0 ? "" : rest.substring(sp + 1);
    }
    return new LogLine(ts, node, service, task, rest);
  }
}
