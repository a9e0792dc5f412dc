package io.github.apigwcorrelation.internal.extract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a stream handler's event, finds its IDs, and hands the handler the same bytes in the same kind of stream
 * the Java runtime passes: a {@link ByteArrayInputStream} over the whole event (runtime interface client
 * {@code EventHandlerLoader}). So every idiom that works on the runtime's stream works on the replay too:
 * {@code available()} is the whole rest, {@code mark}/{@code reset} work, {@code readAllBytes} and byte-at-a-time
 * reads return the exact event.
 *
 * <p>The whole event is read before the handler runs. The runtime holds all of it in memory already (at most
 * 6 MB for a synchronous invoke), and only the whole event tells which of two repeated keys the handler will see.
 */
public final class StreamScanner {
    /** Larger than any Lambda request payload; {@code available()} of a user stream may be anything. */
    private static final int MAX_INITIAL = 8 << 20;
    private StreamScanner() {}

    /** The IDs found and the stream to hand to the handler instead of the original. */
    public static final class Scan {
        private final Extracted ids;
        private final InputStream replay;
        private final byte[] event;
        private final int length;

        Scan(Extracted ids, InputStream replay, byte[] event, int length) {
            this.ids = ids;
            this.replay = replay;
            this.event = event;
            this.length = length;
        }

        /**
         * @param header a header's name
         * @return whether the event asks to be sampled through it ({@link SampleHeader})
         */
        public boolean sampleRequested(String header) {
            return event != null && SampleHeader.requested(event, length, header);
        }

        /** @return the IDs, or why there are none */
        public Extracted ids() {
            return ids;
        }

        /** @return the event's bytes, untouched, as a {@link ByteArrayInputStream} when the source read cleanly */
        public InputStream replay() {
            return replay;
        }
    }

    /**
     * Reads and scans a JSON event.
     *
     * @param in the event as the runtime passed it; read to its end, never closed (the runtime owns it)
     * @param pointers user-configured paths, preferred over the built-in sources
     * @return the IDs and the replay stream; never throws. If reading the source fails, the replay gives the bytes
     *     read so far and then fails the same way, as the original would have.
     */
    public static Scan scan(InputStream in, List<PointerPath> pointers) {
        // One more than available(), so that a source that tells its size is read without growing the buffer.
        byte[] buffer = new byte[Math.max(8192, Math.min(MAX_INITIAL, availableOrZero(in)) + 1)];
        int count = 0;
        try {
            int n;
            while ((n = in.read(buffer, count, buffer.length - count)) >= 0) {
                count += n;
                if (count == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
        } catch (IOException | RuntimeException e) {
            InputStream rest = new FailingInputStream(e);
            return new Scan(Extracted.missing("reading the event failed with " + e.getClass().getName()),
                    new SequenceInputStream(new ByteArrayInputStream(buffer, 0, count), rest), null, 0);
        }
        return new Scan(EventExtractor.fromJson(buffer, count, pointers), new ByteArrayInputStream(buffer, 0, count),
                buffer, count);
    }

    /** The runtime's {@code ByteArrayInputStream} knows its size: one allocation instead of doubling. */
    private static int availableOrZero(InputStream in) {
        try {
            return Math.max(0, in.available());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Rethrows what the source threw, so the handler sees the failure it would have seen. */
    private static final class FailingInputStream extends InputStream {
        private final Exception failure;

        FailingInputStream(Exception failure) {
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            if (failure instanceof IOException) {
                throw new IOException(failure.getMessage(), failure);
            }
            throw (RuntimeException) failure;
        }
    }
}
