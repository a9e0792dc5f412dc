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

    private Extracted(String requestId, String extendedRequestId, Source source, String problem) {
        this.requestId = requestId;
        this.extendedRequestId = extendedRequestId;
        this.source = source;
        this.problem = problem;
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
        return "Extracted[" + requestId + ", " + extendedRequestId + ", " + source + ", " + problem + "]";
    }
}
