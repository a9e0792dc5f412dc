package io.github.apigwcorrelation.internal.extract;

import io.github.apigwcorrelation.RequestIds.Source;
import java.util.function.Supplier;

/**
 * What extraction found in one event: the API Gateway request ID (null when none was usable), the extended
 * request ID (null when the source has none), where they came from, and why something was left out.
 */
public final class Extracted {
    private final String requestId;
    private final String extendedRequestId;
    private final Source source;
    private final String problem;
    private final String originRequestId;
    private final String messageId;
    private final String originProblem;

    private Extracted(String requestId, String extendedRequestId, Source source, String problem) {
        this(requestId, extendedRequestId, source, problem, null, null, null);
    }

    private Extracted(String requestId, String extendedRequestId, Source source, String problem,
            String originRequestId, String messageId, String originProblem) {
        this.requestId = requestId;
        this.extendedRequestId = extendedRequestId;
        this.source = source;
        this.problem = problem;
        this.originRequestId = originRequestId;
        this.messageId = messageId;
        this.originProblem = originProblem;
    }

    /**
     * What an SQS message or SNS record carries: no API Gateway ID (that is not a problem for a record), its own
     * message ID and its origin's request ID, each only if plausible.
     *
     * @param found what the record carries
     * @return the record's IDs
     */
    public static Extracted ofRecord(Origins.Found found) {
        Object id = asString(found.messageId);
        String messageId = Plausibility.problem(id) == null ? (String) id : null;
        return new Extracted(null, null, Source.NONE, null, null, messageId, null)
                .withOrigin(found.origin, "the OriginRequestId attribute of " + found.where);
    }

    /**
     * @param origin the origin's request ID as found, or null when there is none
     * @param where where it was found, named in the WARN if it is refused
     * @return these IDs with the origin, or with why it was refused (the value itself is never repeated)
     */
    public Extracted withOrigin(Object origin, String where) {
        if (origin == null) {
            return this;
        }
        Object value = asString(origin);
        String refused = Plausibility.problem(value);
        if (refused != null) {
            return new Extracted(requestId, extendedRequestId, source, problem, null, messageId,
                    "ignored the origin request ID in " + where + ": " + refused);
        }
        return new Extracted(requestId, extendedRequestId, source, problem, (String) value, messageId, null);
    }

    /** @return why an origin request ID that was found was refused, or null */
    public String originProblem() {
        return originProblem;
    }

    /** @return the request ID of the request that started the chain, validated, or null */
    public String originRequestId() {
        return originRequestId;
    }

    /** @return the message ID of an SQS message or SNS record, validated, or null */
    public String messageId() {
        return messageId;
    }

    /** No usable request ID; {@code why} becomes the invocation's WARN line. */
    public static Extracted missing(String why) {
        return new Extracted(null, null, Source.NONE, why);
    }

    /**
     * IDs read from {@code where}: each is checked for plausibility, and a rejected one is dropped with the
     * reason recorded (the value itself is never repeated, it may be hostile).
     */
    static Extracted of(Object requestId, Object extendedRequestId, Source source, String where) {
        return of(requestId, extendedRequestId, source, where, where);
    }

    /**
     * @param where the field the request ID came from, named in a WARN if it is refused
     * @param extendedWhere the field the extended request ID came from, likewise
     */
    static Extracted of(Object requestId, Object extendedRequestId, Source source, String where,
            String extendedWhere) {
        Object id = asString(requestId);
        String idProblem = Plausibility.problem(id);
        if (idProblem != null) {
            return missing("ignored the request ID in " + where + ": " + idProblem);
        }
        if (extendedRequestId == null) {
            return new Extracted((String) id, null, source, null);
        }
        Object extended = asString(extendedRequestId);
        String extProblem = Plausibility.problem(extended);
        if (extProblem != null) {
            return new Extracted((String) id, null, source,
                    "ignored the extended request ID in " + extendedWhere + ": " + extProblem);
        }
        return new Extracted((String) id, (String) extended, source, null);
    }

    /** Checks and keeps one immutable snapshot, so what was validated is what gets logged. */
    private static Object asString(Object value) {
        return value instanceof CharSequence ? value.toString() : value;
    }

    /**
     * The one precedence rule of every path: a plausible pointer value wins; otherwise the built-in sources,
     * and when they fail too, the reason a pointer value was rejected is kept beside theirs.
     *
     * @param byPointer the first plausible pointer value, else the last rejection, or null if none matched
     * @param builtIn the built-in sources, asked only when no pointer value was usable
     */
    static Extracted pointerOrBuiltIn(Extracted byPointer, Supplier<Extracted> builtIn) {
        if (byPointer != null && byPointer.found()) {
            return byPointer;
        }
        Extracted fallback = builtIn.get();
        if (byPointer == null || fallback.found()) {
            return fallback;
        }
        return missing(byPointer.problem + "; " + fallback.problem);
    }

    /** @return the validated API Gateway request ID, or null */
    public String requestId() {
        return requestId;
    }

    /** @return the validated extended request ID, or null */
    public String extendedRequestId() {
        return extendedRequestId;
    }

    /** @return where the request ID came from ({@link Source#NONE} when there is none) */
    public Source source() {
        return source;
    }

    /** @return why an ID is missing or was dropped, or null when all is well */
    public String problem() {
        return problem;
    }

    boolean found() {
        return requestId != null;
    }

    @Override
    public String toString() {
        return "Extracted[" + requestId + ", " + extendedRequestId + ", " + source + ", " + problem
                + (originRequestId == null ? "" : ", origin " + originRequestId)
                + (messageId == null ? "" : ", message " + messageId) + "]";
    }
}
