package io.github.apigwcorrelation.propagation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.propagation.support.RecordingBackend;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageLimitsTest {
    private static final String ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
    private static final long OURS = MessageLimits.oursSize(ID);

    @BeforeEach
    void forgetEarlierLines() {
        RecordingBackend.drainWarnings();
    }

    /** A message of a given exact size, whose cheap bound is three times that (as for ASCII text). */
    private record Msg(String entryId, boolean hasOurs, int attributeCount, long bytes) implements MessageLimits.Message {
        @Override
        public long size(boolean exact) {
            return exact ? bytes : 3 * bytes;
        }
    }

    @Test
    void oursIsNameTypeAndValue() {
        assertThat(OURS).isEqualTo("OriginRequestId".length() + "String".length() + ID.length());
    }

    @Test
    void crossingIsLeavingALimitNotBeingBeyondIt() {
        assertThat(MessageLimits.crossesLimit(262_144, 262_145)).isTrue();
        assertThat(MessageLimits.crossesLimit(262_100, 262_144)).isFalse();
        assertThat(MessageLimits.crossesLimit(262_145, 262_200)).isFalse();
        assertThat(MessageLimits.crossesLimit(1_048_570, 1_048_577)).isTrue();
        assertThat(MessageLimits.crossesLimit(2_000_000, 2_000_100)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ascii", "é", "€", "😀", "a😀é€", "\ud800 lone high", "lone low \udc00", "\udbff\udfff"})
    void utf8LengthIsWhatTheEncoderWrites(String text) {
        long expected = text.getBytes(StandardCharsets.UTF_8).length;
        // The JDK writes '?' (1 byte) for a lone surrogate; the service would reject it; we count 3, more is safe.
        long loneSurrogates = text.chars().filter(c -> Character.isSurrogate((char) c)).count()
                - 2L * (text.length() - text.codePointCount(0, text.length()));
        assertThat(MessageLimits.utf8Length(text)).isEqualTo(expected + 2 * loneSurrogates);
        assertThat(MessageLimits.upperBound(text)).isGreaterThanOrEqualTo(MessageLimits.utf8Length(text));
    }

    @Test
    void aSmallMessageGetsItWithoutAnExactCount() {
        assertThat(MessageLimits.plan(List.of(new Msg(null, false, 0, 1000)), ID, "T")).containsExactly(true);
        assertThat(RecordingBackend.drainWarnings()).isEmpty();
    }

    @Test
    void nineAttributesLeaveRoomTenDoNot() {
        assertThat(MessageLimits.plan(List.of(new Msg(null, false, 9, 100)), ID, "T")).containsExactly(true);
        assertThat(MessageLimits.plan(List.of(new Msg(null, false, 10, 100)), ID, "T")).containsExactly(false);
        assertThat(RecordingBackend.drainWarnings()).singleElement().asString()
                .isEqualTo("apigw-correlation: T: OriginRequestId not added to the message, so the consumer will not see "
                        + "this request's ID: it already has 10 message attributes (at most 10)");
    }

    @Test
    void theUsersOwnAttributeIsLeftSilently() {
        assertThat(MessageLimits.plan(List.of(new Msg(null, true, 10, 100)), ID, "T")).containsExactly(false);
        assertThat(RecordingBackend.drainWarnings()).isEmpty();
    }

    @Test
    void sizesRightAtEachLimit() {
        long kib256 = 262_144;
        long mib1 = 1_048_576;
        assertThat(MessageLimits.plan(List.of(new Msg(null, false, 0, kib256 - OURS)), ID, "T")).containsExactly(true);
        assertThat(MessageLimits.plan(List.of(new Msg(null, false, 0, kib256 - OURS + 1)), ID, "T"))
                .containsExactly(false);
        assertThat(MessageLimits.plan(List.of(new Msg(null, false, 0, kib256 + 1)), ID, "T")).containsExactly(true);
        assertThat(MessageLimits.plan(List.of(new Msg(null, false, 0, mib1 - OURS + 1)), ID, "T"))
                .containsExactly(false);
        assertThat(MessageLimits.plan(List.of(new Msg(null, false, 0, mib1 + 5)), ID, "T")).containsExactly(true);
        assertThat(RecordingBackend.drainWarnings()).hasSize(2);
    }

    @Test
    void aBatchStopsAddingWhenItsTotalWouldPassALimitAndWarnsOnceNamingTheEntries() {
        long each = (262_144 - 2 * OURS) / 3; // three fit, with room for two of ours
        List<Msg> batch = List.of(new Msg("a", false, 0, each), new Msg("b", false, 0, each),
                new Msg("c\r\n\u001b[2Kforged", false, 0, each));
        assertThat(MessageLimits.plan(batch, ID, "SQS SendMessageBatch")).containsExactly(true, true, false);
        List<String> warnings = RecordingBackend.drainWarnings();
        assertThat(warnings).singleElement().asString()
                .contains("not added to 1 of 3 entries")
                .contains("entry 'c???[2Kforged': the batch is ")
                .doesNotContain("\r", "\n", "\u001b");
    }

    @Test
    void aHugeEntryIdIsCutInTheWarning() {
        List<Msg> batch = List.of(new Msg("x".repeat(10_000), false, 10, 1));
        MessageLimits.plan(batch, ID, "T");
        assertThat(RecordingBackend.drainWarnings()).singleElement().asString().hasSizeLessThan(300)
                .contains("x".repeat(80) + "...");
    }
}
