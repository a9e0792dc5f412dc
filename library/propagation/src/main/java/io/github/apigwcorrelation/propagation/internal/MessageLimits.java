package io.github.apigwcorrelation.propagation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The limits an SQS or SNS message (and a batch of them) must stay within once the {@code OriginRequestId}
 * attribute is added. Adding it must never make the user's call fail, so it is left out of a message that has no
 * room for it.
 *
 * <p>Size: SQS counts the body plus, for each attribute, its name, data type and value, in UTF-8 bytes; SNS counts
 * the same. SQS queues accept up to 1 MiB (the default of new queues since 2025, and the ceiling), older queues
 * 256 KiB, SNS 256 KiB, and batches the same totals. A queue's own {@code MaximumMessageSize} can be anything from
 * 1 KiB up and is not known without a call of our own, so the attribute is left out only when it would take a
 * message (or a batch) from within one of the two service-wide limits, 256 KiB and 1 MiB, to beyond it.
 *
 * <p>Count: SQS accepts 10 message attributes; SNS accepts more but discards a message with more than 10 for an SQS
 * subscription with raw message delivery, silently. So the attribute is added only to a message with fewer than 10.
 *
 * <p>Cost: the exact UTF-8 size is counted only for messages near a limit; below 85 KiB of characters, the bound
 * of 3 bytes a character already shows that no limit can be reached.
 */
public final class MessageLimits {
    /** The name of the message attribute. */
    public static final String NAME = "OriginRequestId";
    /** Its data type. */
    public static final String DATA_TYPE = "String";
    /** Attributes a message can carry (SQS; SNS to SQS with raw message delivery). */
    public static final int MAX_ATTRIBUTES = 10;
    /** Sizes, in bytes, that a message or a batch must not be pushed past: 256 KiB and 1 MiB. */
    static final long[] SIZE_LIMITS = {262_144L, 1_048_576L};

    private MessageLimits() {}

    /** @return the bytes our attribute adds to a message */
    public static long oursSize(String id) {
        return NAME.length() + DATA_TYPE.length() + id.length();
    }

    /** @return whether growing from {@code before} to {@code after} bytes passes one of the limits */
    public static boolean crossesLimit(long before, long after) {
        for (long limit : SIZE_LIMITS) {
            if (before <= limit && after > limit) {
                return true;
            }
        }
        return false;
    }

    /** @return an upper bound of the UTF-8 size of {@code text} (a char is at most 3 bytes), 0 for null */
    public static long upperBound(CharSequence text) {
        return text == null ? 0 : 3L * text.length();
    }

    /** @return the exact UTF-8 size of {@code text}, 0 for null; unpaired surrogates count as 3 bytes */
    public static long utf8Length(CharSequence text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** One message of a call, as the limits see it. */
    public interface Message {
        /** @return its ID in a batch, or null for a single message */
        String entryId();

        /** @return whether the user already set an attribute named {@link #NAME} */
        boolean hasOurs();

        /** @return how many message attributes the user set */
        int attributeCount();

        /**
         * @param exact false for a cheap upper bound, true for the exact size
         * @return the message's size in bytes, as the service counts it
         */
        long size(boolean exact);
    }

    /**
     * Decides, for each message of one call, whether our attribute goes in.
     *
     * @param messages the call's messages, in order (one for a single send)
     * @param id the chain request ID
     * @param what the call, for the WARN line, such as {@code SQS SendMessageBatch}
     * @return per message, whether to add the attribute; when some are left out for lack of room, one WARN line
     *     has said which and why
     */
    public static boolean[] plan(List<? extends Message> messages, String id, String what) {
        int n = messages.size();
        boolean[] add = new boolean[n];
        long ours = oursSize(id);
        long upperTotal = 0;
        for (Message message : messages) {
            upperTotal += message.size(false);
        }
        // Far from every limit, which is nearly always: no exact count needed.
        boolean exact = upperTotal + n * ours > SIZE_LIMITS[0];
        long[] sizes = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            sizes[i] = messages.get(i).size(exact);
            total += sizes[i];
        }
        List<String> refused = null;
        for (int i = 0; i < n; i++) {
            Message message = messages.get(i);
            if (message.hasOurs()) {
                continue; // the user's own value wins, silently
            }
            String reason = null;
            if (message.attributeCount() >= MAX_ATTRIBUTES) {
                reason = "it already has " + message.attributeCount() + " message attributes (at most "
                        + MAX_ATTRIBUTES + ")";
            } else if (exact && crossesLimit(sizes[i], sizes[i] + ours)) {
                reason = "it is " + sizes[i] + " bytes and the attribute would take it past a size limit";
            } else if (exact && n > 1 && crossesLimit(total, total + ours)) {
                reason = "the batch is " + total + " bytes and the attribute would take it past a size limit";
            }
            if (reason == null) {
                add[i] = true;
                total += ours;
            } else {
                if (refused == null) {
                    refused = new ArrayList<>();
                }
                refused.add(message.entryId() == null ? reason : "entry '" + printable(message.entryId()) + "': "
                        + reason);
            }
        }
        if (refused != null) {
            Warnings.warn(what + ": " + NAME + " not added to " + (n == 1 ? "the message" : refused.size() + " of "
                    + n + " entries") + ", so the consumer will not see this request's ID: " + String.join("; ",
                    refused));
        }
        return add;
    }

    /**
     * @param entries a batch's entries, in order
     * @param add per entry, whether {@link #plan} gave it the attribute; null for every entry
     * @param withOurs a copy of an entry with the attribute added
     * @return the entries with the attribute added where planned, or null when no entry changes
     */
    public static <E> List<E> addWhere(List<E> entries, boolean[] add, UnaryOperator<E> withOurs) {
        List<E> changed = new ArrayList<>(entries.size());
        boolean any = false;
        for (int i = 0; i < entries.size(); i++) {
            E entry = entries.get(i);
            if (add == null || add[i]) {
                any = true;
                entry = withOurs.apply(entry);
            }
            changed.add(entry);
        }
        return any ? changed : null;
    }

    /** A batch entry ID comes from the user; keep the WARN line one printable line whatever it holds. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 80));
        for (int i = 0; i < text.length() && i < 80; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > 80 ? out.append("...").toString() : out.toString();
    }
}
