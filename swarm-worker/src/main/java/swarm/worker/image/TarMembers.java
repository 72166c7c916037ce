package swarm.worker.image;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import swarm.core.error.SwarmException;

/**
 * Reads the member headers of a tar archive (plain or gzip) before anything is unpacked, and refuses one that
 * cannot be unpacked whole and safely into a root filesystem, as Docker's untar does: not a tar, empty, cut short,
 * or a member that would land outside the root ({@code ../x}, {@code /etc/x}, a path through a symlink, a link
 * whose target climbs out). Understands ustar, GNU long names and pax path headers. Stateless.
 */
final class TarMembers {
  private static final int BLOCK = 512;

  private TarMembers() {}

  /**
   * @param what how messages start, e.g. {@code cannot import busybox:latest}
   * @throws SwarmException (invalid) naming the first problem and the member it is in
   */
  static void check(Path archive, String what) {
    try {
      if (Files.size(archive) == 0) {
        throw SwarmException.invalid(what + ": the archive is empty");
      }
      try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
        file.mark(2);
        boolean gzip = file.read() == 0x1f && file.read() == 0x8b;
        file.reset();
        InputStream tar = gzip ? new GZIPInputStream(file, 1 << 16) : file;
        new Reader(tar, what).readAll();
        if (gzip) {
          tar.transferTo(OutputStream.nullOutputStream()); // a gzip stream cut after the tar's end is cut all the same
        }
      }
    } catch (ZipException e) {
      throw SwarmException.invalid(what + ": the gzip stream is damaged (" + e.getMessage() + ")");
    } catch (EOFException e) {
      throw SwarmException.invalid(what + ": the archive is truncated: the gzip stream ends early");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + archive, e);
    }
  }

  /** One pass over the headers; state is what earlier members made (symlinks), and pending long names. */
  private static final class Reader {
    private final InputStream in;
    private final String what;
    private final Set<String> symlinks = new HashSet<>();
    private final byte[] header = new byte[BLOCK];
    private long offset;
    private int members;
    private String longName;
    private String longLink;

    Reader(InputStream in, String what) {
      this.in = in;
      this.what = what;
    }

    void readAll() throws IOException {
      while (true) {
        int n = in.readNBytes(header, 0, BLOCK);
        if (n == 0) {
          break; // no end-of-archive blocks: GNU tar and Go's reader accept that too
        }
        if (n < BLOCK) {
          throw refuse(offset == 0 ? "not a tar archive (plain or gzip): it is shorter than one tar header"
              : "the archive is truncated: it ends inside a member header at byte " + offset);
        }
        if (isZero(header)) {
          break;
        }
        if (!checksumMatches(header)) {
          throw refuse(members == 0 && longName == null
              ? "not a tar archive (plain or gzip): its first 512 bytes are not a tar header"
              : "the archive is damaged: the member header at byte " + offset + " is not a tar header");
        }
        offset += BLOCK;
        member();
      }
      if (members == 0) {
        throw refuse("the archive has no files: a root filesystem needs at least one");
      }
    }

    private void member() throws IOException {
      char type = (char) header[156];
      long size = size(header);
      String name = text(header, 0, 100);
      String link = text(header, 157, 100);
      if (size < 0) {
        throw refuse("the archive is damaged: the member header at byte " + (offset - BLOCK) + " has no valid size");
      }
      if (isUstar(header) && header[345] != 0) {
        name = text(header, 345, 155) + "/" + name;
      }
      switch (type) {
        case 'L' -> {
          longName = text(data(size, name), 0, (int) size);
          return;
        }
        case 'K' -> {
          longLink = text(data(size, name), 0, (int) size);
          return;
        }
        case 'x' -> {
          pax(data(size, name));
          return;
        }
        case 'g' -> {
          skip(size, name);
          return;
        }
        default -> { }
      }
      if (longName != null) {
        name = longName;
      }
      if (longLink != null) {
        link = longLink;
      }
      longName = null;
      longLink = null;
      // Links, devices, dirs and fifos have no data whatever their size field says (as Go's archive/tar).
      skip("123456".indexOf(type) >= 0 ? 0 : size, name);
      checkMember(name, type, link);
      members++;
    }

    private void checkMember(String name, char type, String link) {
      if (name.isEmpty()) {
        throw refuse("the member header at byte " + (offset - BLOCK) + " has no name");
      }
      if (name.startsWith("/")) {
        throw refuse("member '" + name + "' has an absolute path: a root filesystem tar holds relative paths");
      }
      Deque<String> path = resolve(new ArrayDeque<>(), name);
      if (path == null) {
        throw refuse("member '" + name + "' would be written outside the root filesystem");
      }
      String normal = String.join("/", path);
      String through = symlinkOnTheWay(path);
      if (through != null) {
        throw refuse("member '" + name + "' would be written through the symlink '" + through + "'");
      }
      if (type == '2') {
        if (path.isEmpty()) {
          throw refuse("symlink '" + name + "' would replace the root directory");
        }
        Deque<String> parent = new ArrayDeque<>(path);
        parent.pollLast();
        if (!link.startsWith("/") && resolve(parent, link) == null) {
          throw refuse("symlink '" + name + "' points outside the root filesystem (to '" + link + "')");
        }
        symlinks.add(normal);
      } else {
        symlinks.remove(normal);
      }
      if (type == '1') {
        Deque<String> target = link.startsWith("/") ? null : resolve(new ArrayDeque<>(), link);
        if (target == null) {
          throw refuse("hard link '" + name + "' points outside the root filesystem (to '" + link + "')");
        }
        String via = symlinkOnTheWay(target);
        if (via != null) {
          throw refuse("hard link '" + name + "' points through the symlink '" + via + "'");
        }
      }
    }

    /** The directories of {@code path} (not itself) that an earlier member made a symlink; null if none. */
    private String symlinkOnTheWay(Deque<String> path) {
      StringBuilder prefix = new StringBuilder();
      int i = 0;
      for (String part : path) {
        if (++i == path.size()) {
          break;
        }
        prefix.append(prefix.isEmpty() ? "" : "/").append(part);
        if (symlinks.contains(prefix.toString())) {
          return prefix.toString();
        }
      }
      return null;
    }

    /** {@code relative} applied to {@code base}: null when a {@code ..} climbs above the root. */
    private static Deque<String> resolve(Deque<String> base, String relative) {
      Deque<String> out = new ArrayDeque<>(base);
      for (String part : relative.split("/")) {
        if (part.isEmpty() || part.equals(".")) {
          continue;
        }
        if (part.equals("..")) {
          if (out.pollLast() == null) {
            return null;
          }
        } else {
          out.addLast(part);
        }
      }
      return out;
    }

    /** A pax extended header's {@code path} and {@code linkpath} apply to the next member. */
    private void pax(byte[] records) {
      String all = new String(records, StandardCharsets.UTF_8);
      int at = 0;
      while (at < all.length()) {
        int space = all.indexOf(' ', at);
        if (space < 0) {
          break;
        }
        int length;
        try {
          length = Integer.parseInt(all.substring(at, space));
        } catch (NumberFormatException e) {
          throw refuse("the archive is damaged: a pax header at byte " + offset + " is malformed");
        }
        if (length <= 0 || at + length > all.length()) {
          throw refuse("the archive is damaged: a pax header at byte " + offset + " is malformed");
        }
        String record = all.substring(space + 1, at + length - 1);
        int eq = record.indexOf('=');
        if (eq > 0) {
          String key = record.substring(0, eq);
          if (key.equals("path")) {
            longName = record.substring(eq + 1);
          } else if (key.equals("linkpath")) {
            longLink = record.substring(eq + 1);
          }
        }
        at += length;
      }
    }

    private byte[] data(long size, String name) throws IOException {
      if (size > 1 << 20) {
        throw refuse("member '" + name + "' has a header record of " + size + " bytes: more than 1 MiB");
      }
      byte[] data = in.readNBytes((int) size);
      if (data.length < size) {
        throw truncated(name, size, data.length);
      }
      int padding = (int) padding(size);
      if (in.readNBytes(padding).length < padding) {
        throw truncated(name, size, size);
      }
      offset += size + padding;
      return data;
    }

    /** Skips a member's data and the padding to the next header. */
    private void skip(long size, String name) throws IOException {
      long padded = size + padding(size);
      long left = padded;
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw truncated(name, size, Math.min(size, padded - left));
          }
          skipped = 1;
        }
        left -= skipped;
      }
      offset += padded;
    }

    private SwarmException truncated(String name, long size, long got) {
      return refuse(got >= size ? "the archive is truncated: it ends in the padding after member '" + name + "'"
          : "the archive is truncated: member '" + name + "' has " + size + " bytes but the archive ends after "
          + got);
    }

    private SwarmException refuse(String problem) {
      return SwarmException.invalid(what + ": " + problem);
    }
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUstar(byte[] h) {
    // POSIX ustar ("ustar\0"); GNU's "ustar  \0" uses the prefix field for other things.
    return h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r' && h[262] == 0;
  }

  private static boolean checksumMatches(byte[] h) {
    long stored;
    try {
      stored = octal(h, 148, 8);
    } catch (NumberFormatException e) {
      return false;
    }
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = i >= 148 && i < 156 ? (byte) ' ' : h[i];
      unsigned += b & 0xff;
      signed += b;
    }
    return stored == unsigned || stored == signed; // some old tars summed signed bytes
  }

  /** The size field: octal, or GNU's base-256 for sizes of 8 GiB and more. */
  private static long size(byte[] h) {
    if ((h[124] & 0x80) != 0) {
      long v = 0;
      for (int i = 125; i < 136; i++) {
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    }
    try {
      return octal(h, 124, 12);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long octal(byte[] h, int offset, int length) {
    String s = new String(h, offset, length, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
    if (s.isEmpty()) {
      return 0;
    }
    return Long.parseLong(s, 8);
  }

  private static String text(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && end < b.length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.UTF_8);
  }
}
