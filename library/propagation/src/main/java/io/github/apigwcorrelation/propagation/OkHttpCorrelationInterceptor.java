package io.github.apigwcorrelation.propagation;

import io.github.apigwcorrelation.propagation.internal.ChainId;
import io.github.apigwcorrelation.propagation.internal.HeaderNames;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp (5.x, artifact {@code com.squareup.okhttp3:okhttp-jvm} in Maven): adds the current invocation's chain
 * request ID as one header, {@value PropagationNames#DEFAULT_HTTP_HEADER} unless another name is given, to requests
 * that do not have that header already (the caller's value wins). Outside an invocation it adds nothing.
 *
 * <pre>{@code
 * OkHttpClient http = new OkHttpClient.Builder().addInterceptor(OkHttpCorrelationInterceptor.create()).build();
 * }</pre>
 *
 * <p>An interceptor runs on the thread that runs the call: the caller's for {@code execute()}, one of OkHttp's
 * dispatcher threads for {@code enqueue(...)}, where no invocation is known. For asynchronous calls, make the calls
 * through {@link #callFactory(Call.Factory)}, which adds the header when the call is created, on the caller's thread
 * (Retrofit takes a {@code Call.Factory} too).
 *
 * @since 0.2.0
 */
public final class OkHttpCorrelationInterceptor implements Interceptor {
    private final String headerName;

    private OkHttpCorrelationInterceptor(String headerName) {
        this.headerName = headerName;
    }

    /** @return an interceptor writing {@value PropagationNames#DEFAULT_HTTP_HEADER} */
    public static OkHttpCorrelationInterceptor create() {
        return new OkHttpCorrelationInterceptor(PropagationNames.DEFAULT_HTTP_HEADER);
    }

    /**
     * @param headerName the header to write: an HTTP token
     * @return an interceptor writing {@code headerName}
     * @throws IllegalArgumentException when {@code headerName} is not an HTTP token
     */
    public static OkHttpCorrelationInterceptor create(String headerName) {
        return new OkHttpCorrelationInterceptor(HeaderNames.check(headerName));
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(correlate(chain.request()));
    }

    /**
     * @param delegate where calls are made, usually the {@code OkHttpClient}
     * @return a call factory that adds the header to each request when its call is created, on the calling thread,
     *     so that {@code enqueue} carries it too
     */
    public Call.Factory callFactory(Call.Factory delegate) {
        Objects.requireNonNull(delegate, "delegate");
        return request -> delegate.newCall(correlate(request));
    }

    private Request correlate(Request request) {
        String id = ChainId.current();
        if (id == null || request.header(headerName) != null) {
            return request;
        }
        return request.newBuilder().header(headerName, id).build();
    }

    @Override
    public String toString() {
        return "OkHttpCorrelationInterceptor[" + headerName + "]";
    }
}
