package io.github.apigwcorrelation.reliability;

import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.apigwcorrelation.RequestIds.Source;
import io.github.apigwcorrelation.internal.extract.EventExtractor;
import io.github.apigwcorrelation.internal.extract.Extracted;
import io.github.apigwcorrelation.internal.extract.Plausibility;
import io.github.apigwcorrelation.internal.extract.PointerPath;
import io.github.apigwcorrelation.internal.extract.StreamScanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * Property 4, fuzzing: the raw-stream scanner and the JSON Pointer extraction under Jazzer, coverage-guided. One
 * input is a user pointer and an event: the first byte gives the pointer's length (0 to 63), then come the
 * pointer and the event bytes. Each input goes through {@code PointerPath.compile}, the stream scan, and
 * extraction from the {@code Map} the Lambda runtime would build and from the JSON string. Findings are any
 * exception, an ID that is not plausible, a replay that is not byte for byte the input, or a WARN text that
 * could split a line.
 *
 * <p>Jazzer fuzzes only with {@code JAZZER_FUZZ} set and only one {@code @FuzzTest} per JVM, so this class runs in
 * a surefire execution of its own ({@code fuzz} in {@code library/pom.xml}) that sets it and bounds the run with
 * {@code jazzer.max_duration} ({@code reliability.fuzz.duration}: 10 s by default, 10 min with
 * {@code -Preliability-long}). Seeds and every crash Jazzer finds live in {@code FuzzingTestInputs/} beside this
 * class in the test resources, and are replayed as regression inputs.
 */
@Tag("own-jvm-fuzz")
class FuzzingTest {
    /** Holds the generic type a {@code RequestHandler<Map<String, Object>, ?>} declares. */
    @SuppressWarnings("unused")
    private static Map<String, Object> mapInput;

    private static final Type MAP_TYPE;

    static {
        try {
            MAP_TYPE = FuzzingTest.class.getDeclaredField("mapInput").getGenericType();
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void scanner_and_pointer_extraction_never_throw_never_forge_and_replay_exact_bytes(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int pointerLength = Math.min(input[0] & 0x3f, input.length - 1);
        String pointerText = new String(input, 1, pointerLength, StandardCharsets.UTF_8);
        byte[] event = Arrays.copyOfRange(input, 1 + pointerLength, input.length);
        List<PointerPath> pointers;
        try {
            pointers = List.of(PointerPath.compile(pointerText));
        } catch (IllegalArgumentException documented) {
            pointers = List.of();
        }
        boolean printablePointer = pointerText.chars().allMatch(c -> c >= 0x20 && c < 0x7f);

        StreamScanner.Scan scan = StreamScanner.scan(new ByteArrayInputStream(event), pointers);
        check("stream", scan.ids(), printablePointer);
        byte[] replayed = scan.replay().readAllBytes();
        if (!Arrays.equals(event, replayed)) {
            throw new AssertionError("the replay differs from the " + event.length + " bytes sent ("
                    + replayed.length + " replayed)");
        }

        String json = new String(event, StandardCharsets.UTF_8);
        check("string", EventExtractor.extract(json, pointers), printablePointer);
        Object map = asRuntimeMap(json);
        if (map != null) {
            check("map", EventExtractor.extract(map, pointers), printablePointer);
        }
    }

    private static void check(String path, Extracted ids, boolean printablePointer) {
        if (ids == null) {
            throw new AssertionError(path + ": no result");
        }
        if (ids.requestId() != null && Plausibility.problem(ids.requestId()) != null) {
            throw new AssertionError(path + ": implausible request ID " + Plausibility.problem(ids.requestId()));
        }
        if (ids.extendedRequestId() != null && Plausibility.problem(ids.extendedRequestId()) != null) {
            throw new AssertionError(path + ": implausible extended ID " + Plausibility.problem(ids.extendedRequestId()));
        }
        if ((ids.requestId() == null) != (ids.source() == Source.NONE)) {
            throw new AssertionError(path + ": source " + ids.source() + " with request ID " + ids.requestId());
        }
        if (ids.requestId() == null && (ids.problem() == null || ids.problem().isBlank())) {
            throw new AssertionError(path + ": no ID and no explanation");
        }
        // The explanation goes into a WARN line: it may name the configured pointer, never a character that
        // ends or rewrites a line.
        if (printablePointer && ids.problem() != null
                && ids.problem().chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029)) {
            throw new AssertionError(path + ": the explanation holds a control character");
        }
    }

    /** The Map the Java runtime builds for a {@code Map} handler, or null when the runtime would refuse the event. */
    private static Object asRuntimeMap(String json) {
        try {
            return JacksonFactory.getInstance().getSerializer(MAP_TYPE).fromJson(json);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }
}
