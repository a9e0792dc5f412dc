package io.github.apigwcorrelation.benchmarks;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The in-memory end of the benchmark appender: it keeps the first bytes written after each {@link #clear()}
 * (so a benchmark can check what its lines look like) and counts the rest, allocating nothing per write.
 */
public final class DiscardingSink extends OutputStream {
    private final byte[] head = new byte[8192];
    private int headLength;
    private long total;

    @Override
    public void write(int b) {
        if (headLength < head.length) {
            head[headLength++] = (byte) b;
        }
        total++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        int kept = Math.min(length, head.length - headLength);
        if (kept > 0) {
            System.arraycopy(bytes, offset, head, headLength, kept);
            headLength += kept;
        }
        total += length;
    }

    /** @return the first bytes written since the last {@link #clear()}, as UTF-8 text (at most 8 KB) */
    public String head() {
        return new String(head, 0, headLength, StandardCharsets.UTF_8);
    }

    /** @return how many bytes were written in all */
    public long total() {
        return total;
    }

    /** Forgets the kept bytes; the total keeps counting. */
    public void clear() {
        headLength = 0;
    }
}
