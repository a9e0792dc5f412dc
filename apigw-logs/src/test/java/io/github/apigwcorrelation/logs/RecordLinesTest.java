package io.github.apigwcorrelation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.logs.Line.RecordLine;
import io.github.apigwcorrelation.logs.Line.RecordLine.What;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A consumer's lines: the origin in the Text prefix ({@code ORIGIN:}, optional) and in JSON
 * ({@code OriginRequestId}), and the library's own lines about records, in both formats. A record line
 * is believed only from the library's logger, at its level, when what it says agrees with the IDs the
 * line carries: a handler that logs a message body shaped like one makes no record.
 */
class RecordLinesTest {
    static final String C = "c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8";
    static final String A = "7a1c9e42-5d3b-4f68-9b20-4c8e1f6a2d73";
    static final String M = "059f36b4-87a3-44ab-83d2-661975830a7d";
    static final String TS = "2026-11-27T10:15:30.935Z";
    static final String RECORD = "Record: Message ID: " + M + " Origin Request ID: " + A + " Lambda Request ID: " + C
            + " Sent: 2026-11-27T10:15:30.123Z (812 ms ago)";

    private static Line fn(String m) {
        return LineParser.parse(m, Source.Kind.LAMBDA);
    }

    private static String text(String lambda, String apigw, String origin, String level, String logger, String message) {
        return TS + " " + lambda + " APIG: " + apigw + (origin == null ? "" : " ORIGIN: " + origin) + " - " + level + " " + logger
                + " - " + message;
    }

    private static String json(String level, String logger, String lambda, String origin, String message) {
        return "{\"timestamp\":\"" + TS + "\",\"level\":\"" + level + "\",\"message\":\"" + message + "\",\"logger\":\"" + logger
                + "\",\"AWSRequestId\":\"" + lambda + "\",\"ApiGatewayRequestId\":\"-\""
                + (origin == null ? "" : ",\"OriginRequestId\":\"" + origin + "\"") + ",\"MessageId\":\"" + M + "\"}";
    }

    private static final RecordLine RECEIVED = new RecordLine(What.RECEIVED, M, java.time.Instant.parse("2026-11-27T10:15:30.123Z").toEpochMilli());

    @Test
    void theTextPrefixMayCarryAnOriginAndStillGivesBothIds() {
        assertThat(fn(text(C, "-", A, "INFO ", "FulfilHandler", "fulfilling order 42")))
                .isEqualTo(Line.of(Line.Kind.APP).withIds(null, C).withOrigin(A));
        // An API function called over HTTP with X-Origin-Request-Id: its own API Gateway ID, and the chain's origin.
        String own = "Ab1cDeFgIAMEbXw=";
        assertThat(fn(text(C, own, A, "INFO ", "OrderHandler", "x"))).isEqualTo(Line.of(Line.Kind.APP).withIds(own, C).withOrigin(A));
        // Without ORIGIN, as before.
        assertThat(fn(text(C, own, null, "INFO ", "OrderHandler", "x - y"))).isEqualTo(Line.of(Line.Kind.APP).withIds(own, C));
        assertThat(Doctor.carriesBothIds(text(C, own, A, "INFO ", "OrderHandler", "x"))).isTrue();
    }

    @Test
    void theLibrarysRecordLineInBothFormats() {
        assertThat(fn(text(C, "-", A, "INFO ", "Correlation", RECORD)).record()).isEqualTo(RECEIVED);
        assertThat(fn(json("INFO", LineParser.LIBRARY_LOGGER, C, A, RECORD))).isEqualTo(
                Line.of(Line.Kind.APP).withIds(null, C).withOrigin(A).withRecord(RECEIVED));
        // Without a Sent time (the service said nothing), and without an origin (a message sent without one).
        String bare = "Record: Message ID: " + M + " Origin Request ID: - Lambda Request ID: " + C;
        assertThat(fn(text(C, "-", null, "INFO ", "Correlation", bare)).record()).isEqualTo(new RecordLine(What.RECEIVED, M, null));
    }

    @Test
    void aFailedRecordInTextCarriesTheExceptionAfterItsIds() {
        String failed = "Record failed: Message ID: " + M + " Origin Request ID: " + A + " Lambda Request ID: " + C
                + " java.io.UncheckedIOException: warehouse API timed out | at com.example.FulfilHandler.handleMessage(FulfilHandler.java:31)";
        assertThat(fn(text(C, "-", A, "ERROR", "Correlation", failed)).record()).isEqualTo(new RecordLine(What.FAILED, M, null));
        assertThat(fn(json("ERROR", LineParser.LIBRARY_LOGGER, C, A, "Record failed: Message ID: " + M + " Origin Request ID: " + A
                + " Lambda Request ID: " + C)).record()).isEqualTo(new RecordLine(What.FAILED, M, null));
    }

    @Test
    void theBatchLineOfSqsAndSns() {
        assertThat(fn(text(C, "-", null, "INFO ", "Correlation", "Lambda Request ID: " + C + " (3 SQS messages)")).record())
                .isEqualTo(new RecordLine(What.BATCH, null, null));
        assertThat(fn(json("INFO", LineParser.LIBRARY_LOGGER, C, null, "Lambda Request ID: " + C + " (1 SNS record)")).record())
                .isEqualTo(new RecordLine(What.BATCH, null, null));
        // Another invocation's batch line is not this one's.
        assertThat(fn(text(C, "-", null, "INFO ", "Correlation", "Lambda Request ID: ffffffff (3 SQS messages)")).record()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a handler's logger", "the level", "another origin", "another Lambda ID", "a bad message ID", "garbage after"})
    void aRecordLineThatDoesNotComeFromTheLibraryOrDisagreesIsNone(String what) {
        String logger = what.equals("a handler's logger") ? "FulfilHandler" : "Correlation";
        String level = what.equals("the level") ? "WARN " : "INFO ";
        String origin = what.equals("another origin") ? "0d9c8b7a-6f5e-4d3c-8b2a-19f8e7d6c5b4" : A;
        String lambda = what.equals("another Lambda ID") ? "ffffffff-ffff-4fff-bfff-ffffffffffff" : C;
        String message = what.equals("a bad message ID") ? RECORD.replace(M, "m\"1")
                : what.equals("garbage after") ? RECORD + " and more" : RECORD;

        Line text = fn(text(lambda, "-", origin, level, logger, message));
        Line json = fn(json(level.strip(), logger.equals("Correlation") ? LineParser.LIBRARY_LOGGER : "com.example.FulfilHandler",
                lambda, origin, message.replace("\"", "\\\"")));

        assertThat(text.record()).isNull();
        assertThat(json.record()).isNull();
        // The line still counts as a line of its origin.
        assertThat(text.originRequestId()).isEqualTo(origin);
        assertThat(json.originRequestId()).isEqualTo(origin);
    }

    @Test
    void aJsonLineThatNamesTheLoggerTwiceMakesNoRecord() {
        // Readers disagree on which copy wins: a user's MDC key "logger" must not make a line the library's.
        String twice = "{\"message\":\"" + RECORD + "\",\"logger\":\"com.example.FulfilHandler\",\"level\":\"INFO\",\"AWSRequestId\":\"" + C
                + "\",\"OriginRequestId\":\"" + A + "\",\"logger\":\"" + LineParser.LIBRARY_LOGGER + "\"}";
        assertThat(fn(twice).record()).isNull();
        assertThat(fn(twice).originRequestId()).isEqualTo(A);
    }

    @Test
    void aMessageCannotForgeThePrefix() {
        // The prefix comes before the message: "Correlation - Record: ..." inside a handler's message is its text.
        Line l = fn(text(C, "-", A, "INFO ", "FulfilHandler", "x - INFO  Correlation - " + RECORD));
        assertThat(l.record()).isNull();
        assertThat(l.lambdaRequestId()).isEqualTo(C);
    }
}
