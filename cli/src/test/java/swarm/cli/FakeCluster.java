package swarm.cli;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Canned Docker-shaped objects and helpers for {@link FakeDaemon} routes. */
public final class FakeCluster {
  public static final String NODE1 = "node1aaaaaaaaaaaaaaaaaaaa";
  public static final String NODE2 = "node2bbbbbbbbbbbbbbbbbbbb";
  public static final String WEB = "svcwebxxxxxxxxxxxxxxxxxxx";

  public static final String NODES = """
      [{"ID":"%s","Spec":{"Role":"manager","Availability":"active"},
        "Description":{"Hostname":"host-1","Engine":{"EngineVersion":"0.1.0"}},
        "Status":{"State":"ready","Addr":"10.0.0.1"},"ManagerStatus":{"Leader":true,"Reachability":"reachable"}},
       {"ID":"%s","Spec":{"Role":"worker","Availability":"drain"},
        "Description":{"Hostname":"host-2","Engine":{"EngineVersion":"0.1.0"}},"Status":{"State":"down"}}]
      """.formatted(NODE1, NODE2);

  public static final String INFO = """
      {"ID":"%s","Name":"host-1","Containers":3,"ContainersRunning":2,"Images":1,"DockerRootDir":"/var/lib/swarm",
       "Swarm":{"NodeID":"%s","NodeAddr":"10.0.0.1","LocalNodeState":"active","ControlAvailable":true,
                "Cluster":{"ID":"cluster1"},"Managers":1,"Nodes":2}}
      """.formatted(NODE1, NODE1);

  public static String service(String id, String name, long replicas, long version) {
    return """
        {"ID":"%s","Version":{"Index":%d},"Spec":{"Name":"%s","Labels":{},
          "TaskTemplate":{"ContainerSpec":{"Image":"busybox:latest@sha256:0123456789abcdef","Args":["sleep","1000"]},
                          "RestartPolicy":{"Condition":"any","Delay":5000000000}},
          "Mode":{"Replicated":{"Replicas":%d}}},
         "Endpoint":{"Ports":[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"ingress"}]}}
        """.formatted(id, version, name, replicas);
  }

  public static String task(String id, long slot, String node, String state, String desired, String timestamp,
                            String err) {
    return """
        {"ID":"%s","ServiceID":"%s","Slot":%d,"NodeID":"%s","CreatedAt":"%s",
         "Spec":{"ContainerSpec":{"Image":"busybox:latest@sha256:0123456789abcdef"}},
         "Status":{"Timestamp":"%s","State":"%s","Message":"%s"%s},"DesiredState":"%s"}
        """.formatted(id, WEB, slot, node, timestamp, timestamp, state, state,
        err == null ? "" : ",\"Err\":\"" + err + "\"", desired);
  }

  public static void json(RoutingContext ctx, String body) {
    json(ctx, 200, body);
  }

  public static void json(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }

  public static void common(Router r) {
    r.get("/nodes").handler(ctx -> json(ctx, NODES));
    r.get("/info").handler(ctx -> json(ctx, INFO));
  }

  public static Buffer frame(int stream, String payload) {
    byte[] p = payload.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return Buffer.buffer().appendByte((byte) stream).appendBytes(new byte[3]).appendInt(p.length).appendBytes(p);
  }

  private FakeCluster() {}
}
