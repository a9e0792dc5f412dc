package io.github.apigwcorrelation.propagation.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The Lambda client context ({@code ClientContext} of {@code Invoke}: base64 of a JSON object with {@code client},
 * {@code custom} and {@code env}) with our entry in its {@code custom} map, which the receiving function reads
 * from {@code Context.getClientContext().getCustom()}.
 */
public final class ClientContexts {
    /** The entry's name in {@code custom}. */
    public static final String KEY = "OriginRequestId";
    /** Lambda refuses a client context longer than this, in base64 characters. */
    public static final int MAX_BASE64_LENGTH = 3583;

    private ClientContexts() {}

    /**
     * @param userContext the client context the user set (base64), or null
     * @param id the chain request ID, {@link ChainId#isSafe safe}
     * @param what the call, for the WARN line
     * @return the client context to send instead, or null to send the user's unchanged (the user's own entry wins;
     *     a context we cannot read or that would grow too long is left alone, with one WARN)
     */
    public static String withOurs(String userContext, String id, String what) {
        String json;
        if (userContext == null || userContext.isEmpty()) {
            json = "{\"custom\":{\"" + KEY + "\":\"" + id + "\"}}";
        } else {
            String decoded = decode(userContext);
            if (decoded == null) {
                Warnings.warn(what + ": " + KEY + " not added, so the function invoked will not see this request's "
                        + "ID: the ClientContext set is not base64 of UTF-8 text; it is sent as it was");
                return null;
            }
            JsonSplice.Outcome outcome = JsonSplice.addCustomEntry(decoded, KEY, id);
            if (outcome.json() == null) {
                if (outcome.problem() != null) {
                    Warnings.warn(what + ": " + KEY + " not added, so the function invoked will not see this "
                            + "request's ID: the ClientContext set " + outcome.problem() + "; it is sent as it was");
                }
                return null;
            }
            json = outcome.json();
        }
        String encoded = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        if (encoded.length() > MAX_BASE64_LENGTH) {
            Warnings.warn(what + ": " + KEY + " not added, so the function invoked will not see this request's ID: "
                    + "the ClientContext would grow to " + encoded.length() + " base64 characters (Lambda accepts "
                    + MAX_BASE64_LENGTH + "); it is sent as it was");
            return null;
        }
        return encoded;
    }

    private static String decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return text.toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }
}
