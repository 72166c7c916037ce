package swarm.worker.image;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.core.error.SwarmException;
import swarm.core.testing.Tars;

class TarMembersTest {
  @TempDir
  Path dir;

  private Path write(byte[] bytes) throws IOException {
    return Files.write(Files.createTempFile(dir, "archive", ".tar"), bytes);
  }

  private void refused(byte[] archive, String problem) throws IOException {
    Path file = write(archive);
    assertThatThrownBy(() -> TarMembers.check(file, "cannot import x:1")).isInstanceOf(SwarmException.class)
        .hasMessage("cannot import x:1: " + problem);
  }

  private void accepted(byte[] archive) throws IOException {
    Path file = write(archive);
    assertThatCode(() -> TarMembers.check(file, "cannot import x:1")).doesNotThrowAnyException();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void aRootFilesystemWithDirsFilesAndLinksInsideIsAccepted() throws IOException {
    byte[] tar = new Tars().dir("./").dir("./bin/").file("./bin/busybox", "x".repeat(1500))
        .symlink("./bin/sh", "busybox").symlink("./bin/abs", "/bin/busybox").symlink("./bin/up", "../etc/passwd")
        .dir("./etc/").file("./etc/passwd", "root:x:0:0").hardlink("./etc/passwd2", "./etc/passwd").bytes();
    accepted(tar);
    accepted(gzip(tar));
    accepted(Arrays.copyOf(tar, tar.length - 1024)); // no end-of-archive blocks, as GNU tar and Go's reader allow
  }

  @Test
  void somethingElseThanATarIsRefused() throws IOException {
    refused("this is not a tar archive\n".repeat(100).getBytes(StandardCharsets.UTF_8),
        "not a tar archive (plain or gzip): its first 512 bytes are not a tar header");
    refused("short".getBytes(StandardCharsets.UTF_8),
        "not a tar archive (plain or gzip): it is shorter than one tar header");
    refused(gzip("this is not a tar archive\n".repeat(100).getBytes(StandardCharsets.UTF_8)),
        "not a tar archive (plain or gzip): its first 512 bytes are not a tar header");
  }

  @Test
  void anEmptyArchiveIsRefused() throws IOException {
    refused(new byte[0], "the archive is empty");
    refused(new byte[1024], "the archive has no files: a root filesystem needs at least one");
  }

  @Test
  void anArchiveCutShortIsRefused() throws IOException {
    Tars tars = new Tars().file("bin/hello", "x".repeat(2000));
    refused(tars.truncatedTo(512 + 700),
        "the archive is truncated: member 'bin/hello' has 2000 bytes but the archive ends after 700");
    refused(new Tars().file("a", "x").file("b", "y").truncatedTo(1024 + 100),
        "the archive is truncated: it ends inside a member header at byte 1024");
    byte[] gz = gzip(new Tars().file("bin/hello", "x".repeat(2000)).bytes());
    refused(Arrays.copyOf(gz, gz.length - 12), "the archive is truncated: the gzip stream ends early");
  }

  @Test
  void membersOutsideTheRootAreRefused() throws IOException {
    refused(new Tars().dir("etc/").file("../escape", "x").bytes(),
        "member '../escape' would be written outside the root filesystem");
    refused(new Tars().file("etc/../../escape", "x").bytes(),
        "member 'etc/../../escape' would be written outside the root filesystem");
    refused(new Tars().file("/etc/escaped", "x").bytes(),
        "member '/etc/escaped' has an absolute path: a root filesystem tar holds relative paths");
  }

  @Test
  void linksThatClimbOutOrMembersWrittenThroughASymlinkAreRefused() throws IOException {
    refused(new Tars().symlink("up", "../../../../tmp").bytes(),
        "symlink 'up' points outside the root filesystem (to '../../../../tmp')");
    refused(new Tars().symlink("etc", "/tmp").file("etc/escaped", "x").bytes(),
        "member 'etc/escaped' would be written through the symlink 'etc'");
    refused(new Tars().symlink("etc", "/etc").hardlink("passwd", "etc/passwd").bytes(),
        "hard link 'passwd' points through the symlink 'etc'");
    refused(new Tars().hardlink("passwd", "../../../../etc/passwd").bytes(),
        "hard link 'passwd' points outside the root filesystem (to '../../../../etc/passwd')");
    refused(new Tars().hardlink("passwd", "/etc/passwd").bytes(),
        "hard link 'passwd' points outside the root filesystem (to '/etc/passwd')");
  }

  @Test
  void aSymlinkReplacedByADirectoryNoLongerCounts() throws IOException {
    accepted(new Tars().symlink("etc", "/tmp").dir("etc/").file("etc/passwd", "x").bytes());
  }
}
