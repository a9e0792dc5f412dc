package io.github.apigwcorrelation.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.propagation.support.Invocations;
import io.github.apigwcorrelation.propagation.support.LoopbackServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three HTTP helpers against the JDK's HTTP server on loopback: the headers as the server received them. */
class HttpInterceptorsTest {
    private static final String REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
    private static final String HEADER = PropagationNames.DEFAULT_HTTP_HEADER;

    private LoopbackServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new LoopbackServer("text/plain", "ok");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    // ---- OkHttp ----

    private static OkHttpClient okHttp(OkHttpCorrelationInterceptor interceptor) {
        return new OkHttpClient.Builder().addInterceptor(interceptor).build();
    }

    private static void execute(Call.Factory calls, Request request) throws IOException {
        try (Response response = calls.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
    }

    @Test
    void okHttpAddsTheHeaderOnceInsideAnInvocationOnly() throws Exception {
        OkHttpClient client = okHttp(OkHttpCorrelationInterceptor.create());
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            execute(client, new Request.Builder().url(server.uri() + "/in").build());
        }
        execute(client, new Request.Builder().url(server.uri() + "/out").build());
        assertThat(server.take().header(HEADER)).containsExactly(REQUEST_ID);
        assertThat(server.take().header(HEADER)).isEmpty();
    }

    @Test
    void okHttpKeepsTheCallersHeaderAndTakesAnotherName() throws Exception {
        OkHttpClient client = okHttp(OkHttpCorrelationInterceptor.create("X-Correlation-Id"));
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            execute(client, new Request.Builder().url(server.uri().toString()).header("x-correlation-id", "callers").build());
            execute(client, new Request.Builder().url(server.uri().toString()).build());
        }
        LoopbackServer.Received own = server.take();
        assertThat(own.header("X-Correlation-Id")).containsExactly("callers");
        LoopbackServer.Received ours = server.take();
        assertThat(ours.header("X-Correlation-Id")).containsExactly(REQUEST_ID);
        assertThat(ours.header(HEADER)).isEmpty();
    }

    @Test
    void okHttpEnqueueCarriesTheHeaderThroughTheCallFactoryOnly() throws Exception {
        OkHttpCorrelationInterceptor interceptor = OkHttpCorrelationInterceptor.create();
        OkHttpClient client = okHttp(interceptor);
        Call.Factory calls = interceptor.callFactory(client);
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            enqueueAndWait(client, new Request.Builder().url(server.uri() + "/plain").build());
            enqueueAndWait(calls, new Request.Builder().url(server.uri() + "/factory").build());
        }
        // The interceptor alone runs on OkHttp's dispatcher thread, which works for no invocation.
        assertThat(server.take().header(HEADER)).isEmpty();
        assertThat(server.take().header(HEADER)).containsExactly(REQUEST_ID);
    }

    private static void enqueueAndWait(Call.Factory calls, Request request) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        calls.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                done.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    done.complete(response.code());
                }
            }
        });
        assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    }

    // ---- Apache HttpClient 5 ----

    @Test
    void apacheAddsTheHeaderOnceInsideAnInvocationOnlyAndKeepsTheCallers() throws Exception {
        try (CloseableHttpClient client = HttpClients.custom()
                .addRequestInterceptorFirst(ApacheCorrelationInterceptor.create()).build()) {
            try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
                get(client, new HttpGet(server.uri() + "/in"));
                HttpGet own = new HttpGet(server.uri() + "/own");
                own.addHeader(HEADER.toLowerCase(java.util.Locale.ROOT), "callers");
                get(client, own);
            }
            get(client, new HttpGet(server.uri() + "/out"));
        }
        assertThat(server.take().header(HEADER)).containsExactly(REQUEST_ID);
        assertThat(server.take().header(HEADER)).containsExactly("callers");
        assertThat(server.take().header(HEADER)).isEmpty();
    }

    @Test
    void apacheTakesAnotherName() throws Exception {
        try (CloseableHttpClient client = HttpClients.custom()
                .addRequestInterceptorFirst(ApacheCorrelationInterceptor.create("X-Request-Chain")).build();
                CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            get(client, new HttpGet(server.uri()));
        }
        LoopbackServer.Received received = server.take();
        assertThat(received.header("X-Request-Chain")).containsExactly(REQUEST_ID);
        assertThat(received.header(HEADER)).isEmpty();
    }

    private static void get(CloseableHttpClient client, HttpGet get) throws IOException {
        client.execute(get, response -> {
            assertThat(response.getCode()).isEqualTo(200);
            return EntityUtils.toString(response.getEntity());
        });
    }

    // ---- java.net.http ----

    private static void send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void jdkHelperAddsTheHeaderInsideAnInvocationOnlyAndKeepsTheCallers() throws Exception {
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            send(JdkHttpCorrelation.correlate(HttpRequest.newBuilder(server.uri().resolve("/in"))).build());
            send(JdkHttpCorrelation.correlate(HttpRequest.newBuilder(server.uri().resolve("/own"))
                    .header(HEADER, "callers")).build());
            // No URI yet: the helper still sees the headers set so far.
            send(JdkHttpCorrelation.correlate(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("b")),
                    "X-Other").uri(server.uri().resolve("/late")).build());
        }
        send(JdkHttpCorrelation.correlate(HttpRequest.newBuilder(server.uri().resolve("/out"))).build());
        assertThat(server.take().header(HEADER)).containsExactly(REQUEST_ID);
        assertThat(server.take().header(HEADER)).containsExactly("callers");
        LoopbackServer.Received late = server.take();
        assertThat(late.header("X-Other")).containsExactly(REQUEST_ID);
        assertThat(late.body()).isEqualTo("b");
        assertThat(server.take().header(HEADER)).isEmpty();
    }

    // ---- hostile ----

    /** The core refuses an ID with control characters, so no header is written at all; nothing can split it. */
    @ParameterizedTest
    @ValueSource(strings = {"id\r\nX-Forged: yes", "id\nX-Forged: yes", "id\u0000", "id\u001b[2K", "id\u0085",
            "id\u2028", "id with space", ""})
    void anIdTheCoreRefusesNeverReachesAHeader(String hostile) throws Exception {
        OkHttpClient okHttp = okHttp(OkHttpCorrelationInterceptor.create());
        try (CloseableHttpClient apache = HttpClients.custom()
                .addRequestInterceptorFirst(ApacheCorrelationInterceptor.create()).build();
                CorrelationScope scope = Invocations.restApiRequest(hostile)) {
            assertThat(scope.ids().chainRequestId()).isEmpty();
            execute(okHttp, new Request.Builder().url(server.uri().toString()).build());
            get(apache, new HttpGet(server.uri()));
            send(JdkHttpCorrelation.correlate(HttpRequest.newBuilder(server.uri())).build());
        }
        for (int i = 0; i < 3; i++) {
            LoopbackServer.Received received = server.take();
            assertThat(received.header(HEADER)).isEmpty();
            assertThat(received.header("X-Forged")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Origin\r\nX-Forged", "X Origin", "X-Origin:", "", "X-Ørigin"})
    void aHeaderNameThatIsNotATokenIsRefusedWhenBuilt(String name) {
        assertThatThrownBy(() -> OkHttpCorrelationInterceptor.create(name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("header name must be");
        assertThatThrownBy(() -> ApacheCorrelationInterceptor.create(name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("header name must be");
        assertThatThrownBy(() -> JdkHttpCorrelation.correlate(HttpRequest.newBuilder(), name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("header name must be");
    }

    /** 16 invocations at once on 16 threads: each request carries its own invocation's ID, never another's. */
    @Test
    void concurrentInvocationsEachSendTheirOwnId() throws Exception {
        OkHttpClient client = okHttp(OkHttpCorrelationInterceptor.create());
        int invocations = 16;
        int callsEach = 5;
        ExecutorService pool = Executors.newFixedThreadPool(invocations);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int i = 0; i < invocations; i++) {
                String id = String.format("00000000-0000-4000-8000-%012d", i);
                done.add(pool.submit(() -> {
                    start.await();
                    try (CorrelationScope scope = Invocations.restApiRequest(id)) {
                        for (int call = 0; call < callsEach; call++) {
                            execute(client, new Request.Builder().url(server.uri() + "/" + id).build());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < invocations * callsEach; i++) {
            LoopbackServer.Received received = server.take();
            assertThat(received.header(HEADER)).containsExactly(received.path().substring(1));
        }
    }
}
