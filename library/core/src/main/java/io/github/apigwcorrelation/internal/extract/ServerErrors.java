package io.github.apigwcorrelation.internal.extract;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;

/** The HTTP status a handler returned to API Gateway or ALB, to tell a failed invocation from one that worked. */
public final class ServerErrors {
    private ServerErrors() {}

    /**
     * @param response what the handler returned
     * @return its status code: of the REST, HTTP API, WebSocket and ALB response types, or of a {@code Map} with a
     *     {@code statusCode} (number or numeric string); -1 when there is none; never throws
     */
    public static int status(Object response) {
        try {
            if (response instanceof APIGatewayProxyResponseEvent) {
                Integer status = ((APIGatewayProxyResponseEvent) response).getStatusCode();
                return status == null ? -1 : status;
            }
            if (response instanceof APIGatewayV2HTTPResponse) {
                return ((APIGatewayV2HTTPResponse) response).getStatusCode();
            }
            if (response instanceof ApplicationLoadBalancerResponseEvent) {
                return ((ApplicationLoadBalancerResponseEvent) response).getStatusCode();
            }
            if (response instanceof APIGatewayV2WebSocketResponse) {
                return ((APIGatewayV2WebSocketResponse) response).getStatusCode();
            }
            if (response instanceof Map) {
                Object status = ((Map<?, ?>) response).get("statusCode");
                if (status instanceof Number) {
                    return ((Number) status).intValue();
                }
                if (status instanceof String && ((String) status).matches("\\d{3}")) {
                    return Integer.parseInt((String) status);
                }
            }
            return -1;
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /**
     * A stream handler's response as it is written: the bytes go through unchanged and at once; the first
     * {@value #KEPT} are also kept, to read the response's {@code statusCode} when the handler returns (API Gateway
     * and ALB responses are JSON objects, and serializers write {@code statusCode} early).
     */
    public static final class StatusOfStream extends FilterOutputStream {
        static final int KEPT = 4096;
        private static final JsonFactory JSON = new JsonFactory();
        private final byte[] kept = new byte[KEPT];
        private int length;

        /** @param out the handler's stream */
        public StatusOfStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (length < KEPT) {
                kept[length++] = (byte) b;
            }
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int count) throws IOException {
            int copy = Math.min(count, KEPT - length);
            if (copy > 0) {
                System.arraycopy(bytes, offset, kept, length, copy);
                length += copy;
            }
            out.write(bytes, offset, count);
        }

        /**
         * @return the top-level {@code statusCode} of what was written (a number, or a numeric string), if it is
         *     within the first bytes kept; -1 otherwise; never throws
         */
        public int status() {
            try (JsonParser parser = JSON.createParser(Arrays.copyOf(kept, length))) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return -1;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("statusCode".equals(name)) {
                        if (value == JsonToken.VALUE_NUMBER_INT) {
                            return parser.getIntValue();
                        }
                        String text = value == JsonToken.VALUE_STRING ? parser.getText() : "";
                        return text.matches("\\d{3}") ? Integer.parseInt(text) : -1;
                    }
                    parser.skipChildren();
                }
                return -1;
            } catch (IOException | RuntimeException e) {
                return -1; // cut short, or not JSON: nothing to say
            }
        }
    }
}
