package swarm.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds small ustar archives byte by byte, for tests of what an image import refuses: member names and link
 * targets that no {@code tar -c} would write ({@code ../x}, {@code /etc/x}), and archives cut short. Not
 * thread-safe; one per archive.
 */
public final class Tars {
  private static final int BLOCK = 512;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public Tars file(String name, String content) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    header(name, '0', "", data.length);
    out.writeBytes(data);
    out.writeBytes(new byte[(BLOCK - data.length % BLOCK) % BLOCK]);
    return this;
  }

  public Tars dir(String name) {
    header(name, '5', "", 0);
    return this;
  }

  public Tars symlink(String name, String target) {
    header(name, '2', target, 0);
    return this;
  }

  public Tars hardlink(String name, String target) {
    header(name, '1', target, 0);
    return this;
  }

  /** The archive with its end marker (two zero blocks). */
  public byte[] bytes() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(out.toByteArray());
    all.writeBytes(new byte[2 * BLOCK]);
    return all.toByteArray();
  }

  /** The archive cut after {@code length} bytes, as an interrupted upload leaves it. */
  public byte[] truncatedTo(int length) {
    return Arrays.copyOf(out.toByteArray(), length);
  }

  private void header(String name, char type, String linkName, long size) {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name);
    put(h, 100, 8, type == '5' ? "0000755" : "0000644");
    put(h, 108, 8, "0000000");
    put(h, 116, 8, "0000000");
    put(h, 124, 12, String.format("%011o", size));
    put(h, 136, 12, String.format("%011o", 0));
    h[156] = (byte) type;
    put(h, 157, 100, linkName);
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, 8, String.format("%06o", sum));
    h[154] = 0;
    h[155] = ' ';
    out.writeBytes(h);
  }

  private static void put(byte[] header, int offset, int length, String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    if (v.length > length) {
      throw new IllegalArgumentException("'" + value + "' does not fit in " + length + " bytes");
    }
    System.arraycopy(v, 0, header, offset, v.length);
  }
}
