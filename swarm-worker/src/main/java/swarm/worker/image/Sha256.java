package swarm.worker.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** SHA-256 digests in OCI form ({@code sha256:<hex>}). Stateless and thread-safe. */
final class Sha256 {
  private Sha256() {}

  static String of(byte[] data) {
    return "sha256:" + HexFormat.of().formatHex(digest().digest(data));
  }

  static String hex(String digest) {
    return digest.startsWith("sha256:") ? digest.substring(7) : digest;
  }

  /** The digests of a layer file: of its bytes as stored, and of its uncompressed tar (the diffID). */
  record LayerDigests(String blob, String diffId, long uncompressedSize) {}

  /** Reads {@code layer} once, hashing it as stored and, when gzip-compressed, after decompression. */
  static LayerDigests ofLayer(Path layer) throws IOException {
    MessageDigest raw = digest();
    MessageDigest plain = digest();
    try (InputStream file = new BufferedInputStream(Files.newInputStream(layer), 1 << 16)) {
      file.mark(2);
      boolean gzip = file.read() == 0x1f && file.read() == 0x8b;
      file.reset();
      InputStream rawIn = new DigestInputStream(file, raw);
      InputStream tar = gzip ? new GZIPInputStream(rawIn, 1 << 16) : rawIn;
      long size = new DigestInputStream(tar, plain).transferTo(OutputStream.nullOutputStream());
      // The blob digest covers every stored byte, also any padding after the gzip stream.
      rawIn.transferTo(OutputStream.nullOutputStream());
      String blob = "sha256:" + HexFormat.of().formatHex(raw.digest());
      String diff = "sha256:" + HexFormat.of().formatHex(plain.digest());
      return new LayerDigests(blob, gzip ? diff : blob, size);
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
