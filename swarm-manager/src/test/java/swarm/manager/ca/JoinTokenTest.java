package swarm.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import swarm.core.error.SwarmException;

class JoinTokenTest {
  private static final RootCa CA = RootCa.create(PkiFixture.CLOCK);
  private static final RootCa OTHER_CA = RootCa.create(PkiFixture.CLOCK);

  @Test
  void aTokenIsThePrefixFiftyBase36DigitsOfTheCaDigestAndTwentyFiveOfTheSecret() {
    String text = JoinToken.generate(CA).text();

    assertThat(text).hasSize(9 + 50 + 1 + 25).startsWith("SWMTKN-1-").matches("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}");
    String digestPart = text.substring(9, 59);
    assertThat(new BigInteger(digestPart, 36)).isEqualTo(new BigInteger(1, CA.sha256Digest()));
  }

  @Test
  void aTokenPinsTheCaItWasMadeFor() {
    JoinToken token = JoinToken.generate(CA);

    assertThat(token.matchesCa(CA.certificate())).isTrue();
    assertThat(token.caDigest()).isEqualTo(CA.sha256Digest());
  }

  @Test
  void aTokenWithAnotherCasDigestDoesNotMatchOurCa() {
    // A man in the middle answering with its own CA: the joining node notices before sending anything.
    JoinToken ours = JoinToken.generate(CA);

    assertThat(ours.matchesCa(OTHER_CA.certificate())).isFalse();
    assertThat(JoinToken.generate(OTHER_CA).matchesCa(CA.certificate())).isFalse();
  }

  @Test
  void parsingReadsBackWhatWasPrintedIncludingLeadingZeros() {
    JoinToken token = JoinToken.generate(CA);
    String zeros = "SWMTKN-1-" + "0".repeat(50) + "-" + "0".repeat(24) + "1";

    assertThat(JoinToken.parse("  " + token.text() + "\n")).isEqualTo(token);
    assertThat(JoinToken.parse(token.text()).secretEquals(token)).isTrue();
    assertThat(JoinToken.parse(zeros).text()).isEqualTo(zeros);
  }

  @Test
  void rotationKeepsTheDigestAndChangesTheSecret() {
    JoinToken token = JoinToken.generate(CA);
    JoinToken rotated = token.rotate();

    assertThat(rotated.text().substring(0, 60)).isEqualTo(token.text().substring(0, 60));
    assertThat(rotated.matchesCa(CA.certificate())).isTrue();
    assertThat(rotated.secretEquals(token)).isFalse();
    assertThat(rotated).isNotEqualTo(token);
  }

  @Test
  void printingATokenHidesItsSecret() {
    JoinToken token = JoinToken.generate(CA);
    String secret = token.text().substring(60);

    assertThat(token.toString()).doesNotContain(secret).startsWith(token.text().substring(0, 60)).hasSize(85);
  }

  static Stream<Arguments> malformedTokens() {
    String digest = "1".repeat(50); // 50 x "a" would exceed 256 bits
    String secret = "b".repeat(25);
    return Stream.of(
        Arguments.of(null, "empty"),
        Arguments.of("  ", "empty"),
        Arguments.of("SWMTKN-2-1-" + digest + "-" + secret, "does not start with SWMTKN-1-"),
        Arguments.of("swmtkn-1-" + digest + "-" + secret, "does not start with SWMTKN-1-"),
        Arguments.of("SWMTKN-1-" + digest + secret, "3 dash-separated parts, not 4"),
        Arguments.of("SWMTKN-1-" + digest + "-" + secret + "-x", "5 dash-separated parts, not 4"),
        Arguments.of("SWMTKN-1-" + "1".repeat(49) + "-" + secret, "CA digest part of the join token has 49"),
        Arguments.of("SWMTKN-1-" + digest + "-" + "b".repeat(26), "secret part of the join token has 26"),
        Arguments.of("SWMTKN-1-" + "A".repeat(50) + "-" + secret, "other than 0-9 and a-z"),
        Arguments.of("SWMTKN-1-" + digest + "-" + "b".repeat(24) + "_", "other than 0-9 and a-z"),
        Arguments.of("SWMTKN-1-" + "z".repeat(50) + "-" + secret, "larger than 256 bits"),
        Arguments.of("SWMTKN-1-" + digest + "-" + "z".repeat(25), "larger than 128 bits"));
  }

  @ParameterizedTest
  @MethodSource("malformedTokens")
  void aMalformedTokenIsRefusedWithWhatATokenLooksLike(String token, String problem) {
    assertThatThrownBy(() -> JoinToken.parse(token))
        .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.kind()).isEqualTo(SwarmException.Kind.INVALID))
        .hasMessageContaining(problem)
        .hasMessageContaining("a join token looks like SWMTKN-1-<50 characters 0-9a-z>-<25 characters 0-9a-z>")
        .hasMessageNotContaining("bbbbbbbbbb");
  }
}
