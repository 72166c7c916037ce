package swarm.daemon.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;
import swarm.daemon.Futures;
import swarm.manager.ca.JoinToken;
import swarm.manager.ca.Pem;
import swarm.manager.ca.TlsMaterial;
import swarm.daemon.cluster.JoinMessages.JoinRequest;
import swarm.daemon.cluster.JoinMessages.JoinResponse;

/**
 * The joining host's side: fetch the manager's root certificate, refuse it unless its digest is
 * the one in the token (so a man in the middle learns nothing, not even the token), then send the
 * token and a CSR over TLS that trusts only that CA. Blocking; call from a worker thread.
 */
public final class JoinClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** A joined host's new identity: the CA it now trusts and the manager's answer. */
  public record Joined(String caCertPem, JoinResponse response, String manager) {}

  private JoinClient() {}

  public static Joined join(Vertx vertx, List<String> remotes, JoinToken token, String hostname,
                            String advertiseAddr, String csrPem) {
    SwarmException last = null;
    for (String remote : remotes) {
      ClusterAddress addr = ClusterAddress.parse("manager address", remote, "127.0.0.1");
      try {
        String caPem = fetchCa(vertx, addr);
        X509Certificate ca = Pem.parseCertificate(caPem);
        if (!token.matchesCa(ca)) {
          throw SwarmException.invalid("the manager at " + addr + " presented a CA certificate that does not match "
              + "the join token: refusing to join (a token of another swarm, or someone between this host and the "
              + "manager)");
        }
        JoinRequest req = new JoinRequest(token.text(), csrPem, hostname, advertiseAddr);
        WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(false)
            .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caPem)))
            .setConnectTimeout((int) TIMEOUT.toMillis()));
        try {
          HttpResponse<Buffer> resp = Futures.await(client.post(addr.port(), addr.host(), "/swarm-ext/join")
              .timeout(TIMEOUT.toMillis()).sendBuffer(Buffer.buffer(Json.toBytes(req))));
          if (resp.statusCode() != 200) {
            throw new SwarmException(SwarmException.Kind.ofHttpStatus(resp.statusCode()), message(resp));
          }
          return new Joined(caPem, Json.read(resp.body().getBytes(), JoinResponse.class), addr.toString());
        } finally {
          client.close();
        }
      } catch (SwarmException e) {
        if (e.kind() == SwarmException.Kind.INVALID) {
          throw e; // the token or the CA is wrong: another manager won't say otherwise
        }
        last = e;
      } catch (RuntimeException e) {
        last = SwarmException.unavailable("cannot reach the manager at " + addr + ": " + describe(e));
      }
    }
    throw last != null ? last : SwarmException.invalid("no manager address given: swarm join --token TOKEN IP:2377");
  }

  /**
   * Asks the first manager that answers, over mutual TLS with this node's certificate: {@code GET}
   * when {@code body} is null, else {@code POST} of {@code body}; the answer decoded as {@code type}.
   */
  public static <T> T ask(Vertx vertx, List<String> managers, TlsMaterial tls, String path, Object body,
                          Class<T> type) {
    RuntimeException last = SwarmException.unavailable("no manager address known");
    for (String remote : managers) {
      ClusterAddress addr = ClusterAddress.parse("manager address", remote, "127.0.0.1");
      WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(false)
          .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caCertPem())))
          .setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(tls.nodeCertPem()))
              .setKeyValue(Buffer.buffer(tls.nodeKeyPem())))
          .setConnectTimeout((int) TIMEOUT.toMillis()));
      try {
        var req = body == null ? client.get(addr.port(), addr.host(), path) : client.post(addr.port(), addr.host(), path);
        HttpResponse<Buffer> resp = Futures.await(body == null ? req.timeout(TIMEOUT.toMillis()).send()
            : req.timeout(TIMEOUT.toMillis()).sendBuffer(Buffer.buffer(Json.toBytes(body))));
        if (resp.statusCode() != 200) {
          throw new SwarmException(SwarmException.Kind.ofHttpStatus(resp.statusCode()), message(resp));
        }
        return Json.read(resp.body().getBytes(), type);
      } catch (RuntimeException e) {
        last = e;
      } finally {
        client.close();
      }
    }
    throw last;
  }

  private static String fetchCa(Vertx vertx, ClusterAddress addr) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true)
        .setVerifyHost(false).setConnectTimeout((int) TIMEOUT.toMillis()));
    try {
      HttpResponse<Buffer> resp = Futures.await(client.get(addr.port(), addr.host(), "/swarm-ext/ca")
          .timeout(TIMEOUT.toMillis()).send());
      if (resp.statusCode() != 200) {
        throw new SwarmException(SwarmException.Kind.ofHttpStatus(resp.statusCode()), message(resp));
      }
      return resp.bodyAsString();
    } finally {
      client.close();
    }
  }

  private static String message(HttpResponse<Buffer> resp) {
    try {
      return Json.MAPPER.readTree(resp.body().getBytes()).path("message").asText("HTTP " + resp.statusCode());
    } catch (Exception e) {
      return "HTTP " + resp.statusCode();
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** The local address this host uses to reach {@code remote}: the advertise address when none is given. */
  public static String localAddressTowards(String remote) {
    ClusterAddress addr = ClusterAddress.parse("manager address", remote, "127.0.0.1");
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(new InetSocketAddress(addr.host(), addr.port()));
      return s.getLocalAddress().getHostAddress();
    } catch (Exception e) {
      throw SwarmException.invalid("cannot tell which address of this host reaches " + remote
          + ": give --advertise-addr");
    }
  }
}
