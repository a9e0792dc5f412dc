package io.github.apigwcorrelation.internal.extract;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Records what a scan reads from the runtime's stream, then serves those bytes again followed by the unread
 * rest, so the handler sees the event exactly as sent. Closing it closes the original stream, as the handler
 * would have.
 */
final class ReplayInputStream extends InputStream {
    private final InputStream source;
    private byte[] recorded = new byte[8192];
    private int count;
    private int position;

    ReplayInputStream(InputStream source) {
        this.source = source;
    }

    /** @return a view that reads from the source and records every byte */
    InputStream recorder() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int b = source.read();
                if (b >= 0) {
                    record(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = source.read(buffer, offset, length);
                if (n > 0) {
                    record(buffer, offset, n);
                }
                return n;
            }
        };
    }

    private void record(byte[] buffer, int offset, int length) {
        if (count + length > recorded.length) {
            recorded = Arrays.copyOf(recorded, Math.max(recorded.length * 2, count + length));
        }
        System.arraycopy(buffer, offset, recorded, count, length);
        count += length;
    }

    /** Ends recording; from now on reads serve the recorded bytes, then the source. */
    ReplayInputStream rewind() {
        position = 0;
        return this;
    }

    @Override
    public int read() throws IOException {
        if (position < count) {
            return recorded[position++] & 0xFF;
        }
        return source.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position < count) {
            int n = Math.min(length, count - position);
            System.arraycopy(recorded, position, buffer, offset, n);
            position += n;
            return n;
        }
        return source.read(buffer, offset, length);
    }

    @Override
    public int available() throws IOException {
        return (count - position) + source.available();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
