package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Durations as the usage and README write them ({@code --since 1h}, {@code --hold 250ms}). */
class OptionsTest {
    @Test
    void durationsTakeEveryUnitTheUsageShows() {
        Options o = Options.parse(new String[] {"doctor", "--since", "1h", "--hold", "250ms", "--lookback", "60s",
            "--interval", "2", "--sweep", "1m", "--max-rps", "4"});

        assertThat(o.millis("since", 0)).isEqualTo(3_600_000);
        assertThat(o.millis("hold", 0)).isEqualTo(250);
        assertThat(o.millis("lookback", 0)).isEqualTo(60_000);
        assertThat(o.millis("interval", 0)).isEqualTo(2_000);
        assertThat(o.millis("sweep", 0)).isEqualTo(60_000);
        assertThat(Options.parse(new String[] {"doctor", "--since", "2d"}).millis("since", 0)).isEqualTo(172_800_000);
    }

    @Test
    void aBadDurationIsAUsageErrorThatShowsItSafely() {
        Options o = Options.parse(new String[] {"doctor", "--since", "1 week\u001b[2K"});

        assertThatThrownBy(() -> o.millis("since", 0)).isInstanceOf(CliException.class)
                .hasMessageStartingWith("--since takes a duration like 500ms, 2s, 1m, 1h or 1d, not '1 week\\u001b[2K'")
                .extracting(e -> ((CliException) e).exitCode).isEqualTo(2);
    }

    @Test
    void stackAndDownstreamRepeatAndFollowForIsADuration() {
        Options o = Options.parse(new String[] {"request", "id", "--stack", "orders", "--downstream", "Fulfil", "--stack=billing",
            "--downstream", "Notify", "--follow-for", "6h"});

        assertThat(o.all("stack")).containsExactly("orders", "billing");
        assertThat(o.all("downstream")).containsExactly("Fulfil", "Notify");
        assertThat(o.all("function")).isEmpty();
        assertThat(o.millis("follow-for", 0)).isEqualTo(21_600_000);
    }

    @Test
    void noHopsTakesNoHopOption() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = new Cli(new java.io.ByteArrayInputStream(new byte[0]), new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8), (r, p, e) -> {
                    throw new AssertionError("no AWS call before the options are checked");
                }, () -> 0L, false, ms -> { }).run("request", "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58", "--api-id", "a", "--stage", "s",
                "--no-hops", "--stack", "orders");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith(
                "apigw-logs: --no-hops takes no --stack, --downstream or --follow-for\nusage:");
    }
}
