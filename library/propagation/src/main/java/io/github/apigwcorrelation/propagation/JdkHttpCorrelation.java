package io.github.apigwcorrelation.propagation;

import io.github.apigwcorrelation.propagation.internal.ChainId;
import io.github.apigwcorrelation.propagation.internal.HeaderNames;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * The JDK's {@code java.net.http} client has no interceptors: this helper adds the current invocation's chain
 * request ID to a request builder as one header, {@value PropagationNames#DEFAULT_HTTP_HEADER} unless another name
 * is given. Call it after setting your own headers: a header of that name already on the builder wins. Outside an
 * invocation it adds nothing.
 *
 * <pre>{@code
 * HttpRequest request = JdkHttpCorrelation.correlate(HttpRequest.newBuilder(uri).header("Accept", "application/json"))
 *         .build();
 * }</pre>
 *
 * @since 0.2.0
 */
public final class JdkHttpCorrelation {
    /** Stands in for the builder's URI when only its headers are looked at. */
    private static final URI ANY = URI.create("http://localhost/");

    private JdkHttpCorrelation() {}

    /**
     * @param builder a request builder
     * @return {@code builder}, with {@value PropagationNames#DEFAULT_HTTP_HEADER} added when it applies
     */
    public static HttpRequest.Builder correlate(HttpRequest.Builder builder) {
        return add(builder, PropagationNames.DEFAULT_HTTP_HEADER);
    }

    /**
     * @param builder a request builder
     * @param headerName the header to write: an HTTP token the JDK client allows
     * @return {@code builder}, with {@code headerName} added when it applies
     * @throws IllegalArgumentException when {@code headerName} is not an HTTP token
     */
    public static HttpRequest.Builder correlate(HttpRequest.Builder builder, String headerName) {
        return add(builder, HeaderNames.check(headerName));
    }

    private static HttpRequest.Builder add(HttpRequest.Builder builder, String headerName) {
        String id = ChainId.current();
        if (id == null) {
            return builder;
        }
        // The builder cannot be asked for its headers: a copy, given a URI in case it has none yet, is built instead.
        boolean present = builder.copy().uri(ANY).build().headers().firstValue(headerName).isPresent();
        return present ? builder : builder.header(headerName, id);
    }
}
