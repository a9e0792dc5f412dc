package io.github.apigwcorrelation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.fixtures.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
import io.github.apigwcorrelation.testing.TestLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property 3, hostile input: every file of the corpus under {@code library/testing/src/main/resources/hostile/} (made by
 * {@link HostileCorpus}) goes to a stream handler and, when the Lambda runtime's
 * own deserializer accepts it, to a typed handler and a {@code Map} handler. Each time: the user's handler
 * runs and its result comes back, no exception escapes the library, every printed line (text and JSON, real
 * bytes) parses with one line per event, no ID on it is anything but a plausible ID or the placeholder, nothing
 * of the hostile values is echoed, at most one WARN explains a missing ID, and the stream handler reads exactly
 * the bytes that were sent.
 */
public abstract class AbstractHostileCorpusTest {
    private static final Correlation DEFAULTS = Correlation.defaults();
    private static final Correlation WITH_POINTERS =
            Correlation.builder().requestIdPointers("/meta/correlationId", "/headers/x-correlation-id").build();
    private static final Map<String, Class<?>> TYPED = Map.of(
            "rest", APIGatewayProxyRequestEvent.class, "http", APIGatewayV2HTTPEvent.class,
            "websocket", APIGatewayV2WebSocketEvent.class, "authorizer", APIGatewayCustomAuthorizerEvent.class,
            "alb", ApplicationLoadBalancerRequestEvent.class);

    /** The stream handler sees every file; the JSON string path ({@code open(String)}) runs the same scanner. */
    enum Delivery { STREAM, TYPED, MAP }

    private final List<RealOutput.Line> lines = new ArrayList<>();
    private RealOutput output;
    private LoggingHarness.Attached attached;
    private TestLogger log;

    /** Holds the generic type a {@code RequestHandler<Map<String, Object>, ?>} declares. */
    @SuppressWarnings("unused")
    private static Map<String, Object> mapInput;

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    @BeforeEach
    void attachRealOutput() {
        log = harness().logger("orders.HostileHandler");
        output = new RealOutput(line -> {
            synchronized (lines) {
                lines.add(line);
            }
        });
        attached = harness().attach(output, null);
    }

    @AfterEach
    void detachRealOutput() {
        attached.close();
        harness().context().clearAll();
    }

    /**
     * The committed files themselves, not a copy on the class path (which may keep files since removed): the
     * adapter's surefire configuration names the folder, {@code hostile.corpus.dir}.
     */
    static Path corpusRoot() {
        String dir = System.getProperty("hostile.corpus.dir");
        assertThat(dir).as("system property hostile.corpus.dir (set by the adapter's surefire configuration)")
                .isNotBlank();
        Path root = Paths.get(dir);
        assertThat(root).as("the corpus folder").isDirectory();
        return root;
    }

    /** @return the committed corpus: path under {@code hostile/} to the bytes a handler would be sent */
    static SortedMap<String, byte[]> corpus() {
        SortedMap<String, byte[]> files = new TreeMap<>();
        Path root = corpusRoot();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).collect(Collectors.toList())) {
                byte[] bytes = Files.readAllBytes(path);
                if (path.toString().endsWith(".gz")) {
                    try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                        bytes = gzip.readAllBytes();
                    }
                }
                files.put(root.relativize(path).toString().replace('\\', '/'), bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static Stream<Arguments> deliveries() {
        List<Arguments> all = new ArrayList<>();
        corpus().forEach((file, bytes) -> {
            String family = file.substring(0, file.indexOf('/'));
            all.add(Arguments.of(file, Delivery.STREAM, bytes));
            if (family.equals("raw")) {
                return;
            }
            String json = new String(bytes, StandardCharsets.UTF_8);
            Class<?> typed = TYPED.get(family);
            if (typed != null) {
                Object event = deserialize(json, typed);
                if (event != null) {
                    all.add(Arguments.of(file, Delivery.TYPED, event));
                }
            }
            Object map = deserialize(json, null);
            if (map != null) {
                all.add(Arguments.of(file, Delivery.MAP, map));
            }
        });
        return all.stream();
    }

    /**
     * Deserializes as the Java runtime does before it calls a handler; null when the runtime itself would fail
     * (then no handler, ours or anyone's, is ever called with that event).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object deserialize(String json, Class<?> type) {
        try {
            PojoSerializer serializer;
            if (type == null) {
                Type mapType = AbstractHostileCorpusTest.class.getDeclaredField("mapInput").getGenericType();
                serializer = JacksonFactory.getInstance().getSerializer(mapType);
            } else {
                serializer = LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                        ? LambdaEventSerializers.serializerFor(type, type.getClassLoader())
                        : JacksonFactory.getInstance().getSerializer(type);
            }
            return serializer.fromJson(json);
        } catch (Exception | StackOverflowError e) {
            return null;
        }
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("deliveries")
    void a_hostile_event_reaches_the_handler_and_forges_nothing(String file, Delivery delivery, Object event)
            throws IOException {
        Correlation correlation = file.startsWith("pointer/") ? WITH_POINTERS : DEFAULTS;
        FakeContext context = new FakeContext();
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<byte[]> received = new AtomicReference<>();
        long rejectedBefore = output.rejectedLines();
        long eventsBefore = output.events();
        long textBefore = output.textLines();
        long jsonBefore = output.jsonLines();
        synchronized (lines) {
            lines.clear();
        }
        TestLogger LOG = log;

        Object result;
        if (delivery == Delivery.STREAM) {
            RequestStreamHandler handler = correlation.wrap((in, out, ctx) -> {
                ran.incrementAndGet();
                LOG.info("handled the event");
                received.set(in.readAllBytes());
                out.write('k');
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream((byte[]) event), out, context);
            result = out.toString(StandardCharsets.UTF_8);
            assertThat(received.get()).as("the bytes the stream handler read").isEqualTo(event);
        } else {
            Object input = event;
            RequestHandler<Object, String> handler = correlation.wrap((in, ctx) -> {
                ran.incrementAndGet();
                LOG.info("handled the event");
                return "k";
            });
            result = handler.handleRequest(input, context);
        }

        assertThat(ran.get()).as("the user's handler ran once").isEqualTo(1);
        assertThat(result).as("its result came back").isEqualTo("k");
        List<RealOutput.Line> lines;
        synchronized (this.lines) {
            lines = new ArrayList<>(this.lines);
        }
        assertThat(output.rejectedLines() - rejectedBefore).as("lines that do not parse: %s", output.rejected()).isZero();
        long events = output.events() - eventsBefore;
        assertThat(output.textLines() - textBefore).as("text lines, one per event").isEqualTo(events);
        assertThat(output.jsonLines() - jsonBefore).as("JSON lines, one per event").isEqualTo(events);
        assertThat(lines).hasSize((int) (2 * events)).allSatisfy(line -> {
            assertThat(line.lambdaId()).isEqualTo(context.getAwsRequestId());
            assertThat(line.apiGatewayId()).matches(RealOutput.PRINTABLE_ID);
            if (line.extendedId() != null) {
                assertThat(line.extendedId()).matches(RealOutput.PRINTABLE_ID);
            }
            assertThat(line.raw()).doesNotContainIgnoringCase("forged").doesNotContain("jndi");
        });
        List<RealOutput.Line> warnings = lines.stream()
                .filter(line -> line.level().equals("WARN") && line.format() == RealOutput.Format.JSON)
                .collect(Collectors.toList());
        assertThat(warnings).as("WARN lines").hasSizeLessThanOrEqualTo(1);
        boolean placeholder = lines.stream().anyMatch(line -> line.apiGatewayId().equals("-"));
        if (placeholder) {
            assertThat(warnings).as("one WARN says why the ID is missing").hasSize(1);
        }
        assertThat(lines).as("the handler's own line").anyMatch(line -> line.message().startsWith("handled "));
    }

    @Test
    void the_committed_corpus_is_exactly_what_the_generator_writes() {
        SortedMap<String, byte[]> generated = new TreeMap<>();
        HostileCorpus.generate().forEach((path, bytes) -> {
            if (path.startsWith(HostileCorpus.DIR + "/")) {
                generated.put(path.substring(HostileCorpus.DIR.length() + 1), bytes);
            }
        });
        SortedMap<String, byte[]> committed = corpus();

        assertThat(committed.keySet()).containsExactlyElementsOf(generated.keySet());
        generated.forEach((path, bytes) -> assertThat(committed.get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void the_corpus_covers_every_kind_of_hostile_input_the_issue_names_in_every_source() {
        SortedMap<String, byte[]> corpus = corpus();

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        assertThat(corpus.keySet().stream().map(path -> path.substring(0, path.indexOf('/'))).distinct())
                .containsExactlyInAnyOrder("alb", "authorizer", "http", "mapping", "pointer", "raw", "rest", "websocket");
        for (String kind : List.of("missing-", "wrong-type-", "truncated-", "not-utf8-", "six-mb-", "deep-nesting-",
                "duplicate-", "-crlf-forged-line", "-nul", "-ansi-escapes", "-ten-kb")) {
            assertThat(corpus.keySet()).as(kind).anyMatch(path -> path.contains(kind));
        }
        assertThat(corpus.values()).as("6 MB bodies").anyMatch(bytes -> bytes.length > 6 * 1024 * 1024);
    }
}
