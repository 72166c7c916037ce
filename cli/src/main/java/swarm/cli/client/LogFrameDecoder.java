package swarm.cli.client;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes Docker's multiplexed stream: each frame is an 8-byte header (stream type, three zero bytes, payload
 * length as big-endian uint32) and the payload. Chunks may split headers and payloads anywhere; the decoder keeps
 * what it has not yet framed. Not thread-safe: feed it from one thread.
 */
public final class LogFrameDecoder {
  private static final int HEADER = 8;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  /** Adds a chunk of the stream and returns the frames it completed, in order. */
  public List<LogFrame> feed(byte[] chunk) {
    pending.write(chunk, 0, chunk.length);
    byte[] buf = pending.toByteArray();
    List<LogFrame> frames = new ArrayList<>();
    int at = 0;
    while (buf.length - at >= HEADER) {
      long length = ((buf[at + 4] & 0xffL) << 24) | ((buf[at + 5] & 0xff) << 16) | ((buf[at + 6] & 0xff) << 8)
          | (buf[at + 7] & 0xff);
      if (length > Integer.MAX_VALUE - HEADER) {
        throw new IllegalStateException("log frame of " + length + " bytes: not a multiplexed log stream");
      }
      if (buf.length - at - HEADER < length) {
        break;
      }
      byte[] payload = new byte[(int) length];
      System.arraycopy(buf, at + HEADER, payload, 0, payload.length);
      frames.add(new LogFrame(buf[at] & 0xff, payload));
      at += HEADER + (int) length;
    }
    pending.reset();
    pending.write(buf, at, buf.length - at);
    return frames;
  }

  /** Bytes received that do not yet make a whole frame. */
  public int buffered() {
    return pending.size();
  }
}
