package io.github.apigwcorrelation.propagation;

import io.github.apigwcorrelation.propagation.internal.ChainId;
import io.github.apigwcorrelation.propagation.internal.HeaderNames;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Apache HttpClient 5: adds the current invocation's chain request ID as one header,
 * {@value PropagationNames#DEFAULT_HTTP_HEADER} unless another name is given, to requests that do not have that
 * header already (the caller's value wins). Outside an invocation it adds nothing.
 *
 * <pre>{@code
 * CloseableHttpClient http = HttpClients.custom()
 *         .addRequestInterceptorFirst(ApacheCorrelationInterceptor.create())
 *         .build();
 * }</pre>
 *
 * <p>It reads the invocation of the thread it runs on. The classic client runs it on the caller's thread. The async
 * client may run it on an I/O thread (for example once a pooled connection becomes free), where no invocation is
 * known: set the header on the request yourself there, from {@code RequestIds.current()}.
 *
 * @since 0.2.0
 */
public final class ApacheCorrelationInterceptor implements HttpRequestInterceptor {
    private final String headerName;

    private ApacheCorrelationInterceptor(String headerName) {
        this.headerName = headerName;
    }

    /** @return an interceptor writing {@value PropagationNames#DEFAULT_HTTP_HEADER} */
    public static ApacheCorrelationInterceptor create() {
        return new ApacheCorrelationInterceptor(PropagationNames.DEFAULT_HTTP_HEADER);
    }

    /**
     * @param headerName the header to write: an HTTP token
     * @return an interceptor writing {@code headerName}
     * @throws IllegalArgumentException when {@code headerName} is not an HTTP token
     */
    public static ApacheCorrelationInterceptor create(String headerName) {
        return new ApacheCorrelationInterceptor(HeaderNames.check(headerName));
    }

    @Override
    public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
        String id = ChainId.current();
        if (id != null && !request.containsHeader(headerName)) {
            request.addHeader(headerName, id);
        }
    }

    @Override
    public String toString() {
        return "ApacheCorrelationInterceptor[" + headerName + "]";
    }
}
