package io.zotj.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "500ms, PT0.5S",
    "90s, PT1M30S",
    "1h30m, PT1H30M",
    "24h, PT24H",
    "720h, PT720H",
    "1.5h, PT1H30M",
    "0, PT0S",
    "2h45m30.5s, PT2H45M30.5S",
    "100us, PT0.0001S",
    "10ns, PT0.00000001S",
    "-5s, PT-5S"
  })
  void parsesGoSyntax(String text, String iso) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest(name = "rejects \"{0}\"")
  @ValueSource(strings = {"", "5", "5x", "h", "1h30", "1..5s", "PT5S", "5 s", "1d", "ms"})
  void rejectsWhatGoRejects(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3000000h", "9999999999999999999ns"})
  void rejectsDurationsBeyondGosLimit(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).hasMessageContaining("too long");
  }
}
