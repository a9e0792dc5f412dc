package io.github.apigwcorrelation.localapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Moves what the execution environments write to the local API's standard output. One thread polls every pipe
 * without blocking; {@link Source#drain()} lets the thread that ends an invocation read a pipe itself, so every
 * byte the runtime wrote before it reported the invocation is printed before {@code END}. (A blocking reader
 * could hold bytes it has read but not printed yet; nothing could tell.)
 */
final class OutputRelay implements AutoCloseable {
    private static final long POLL_MILLIS = 10;
    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    OutputRelay() {
        thread = new Thread(this::run, "local-api-output");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts relaying {@code in}, cut into records by {@code parser}. */
    Source add(InputStream in, Parser parser) {
        Source source = new Source(in, parser);
        sources.add(source);
        return source;
    }

    private void run() {
        while (!closed) {
            for (Source source : sources) {
                if (!source.poll()) {
                    sources.remove(source);
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    /** Cuts a byte stream into records. */
    interface Parser {
        void accept(byte[] bytes, int length);

        /** The stream is at its end, or an invocation ends: hand on what is held back. */
        void flush();
    }

    /** One pipe of one process. */
    static final class Source {
        private final InputStream in;
        private final Parser parser;
        private boolean ended;

        private Source(InputStream in, Parser parser) {
            this.in = in;
            this.parser = parser;
        }

        /** Reads what is there without blocking; false once the stream has ended. */
        synchronized boolean poll() {
            if (ended) {
                return false;
            }
            try {
                int available;
                while ((available = in.available()) > 0) {
                    byte[] buffer = new byte[Math.min(available, 1 << 16)];
                    int read = in.read(buffer);
                    if (read < 0) {
                        end();
                        return false;
                    }
                    parser.accept(buffer, read);
                }
            } catch (IOException closed) {
                end();
                return false;
            }
            return true;
        }

        /** Reads and hands on everything written so far, partial records included. */
        synchronized void drain() {
            poll();
            parser.flush();
        }

        private void end() {
            ended = true;
            parser.flush();
        }
    }

    /** Text, one record per line. */
    static final class Lines implements Parser {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final Consumer<String> out;

        Lines(Consumer<String> out) {
            this.out = out;
        }

        @Override
        public void accept(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    emit();
                } else {
                    line.write(bytes[i]);
                }
            }
        }

        @Override
        public void flush() {
            if (line.size() > 0) {
                emit();
            }
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            out.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
            line.reset();
        }
    }

    /**
     * The runtime's telemetry log frames ({@code _LAMBDA_TELEMETRY_LOG_FD}): a 4-byte type ({@code 0xa55a} then flags:
     * bit 0 text, bits 2-4 the level), a 4-byte length, an 8-byte timestamp in microseconds, then the record, big-endian.
     * This is how Lambda knows where a multi-line record (a stack trace) ends.
     */
    static final class Frames implements Parser {
        private static final int HEADER = 16;
        private ByteBuffer held = ByteBuffer.allocate(1 << 16);
        private final FrameConsumer out;
        private final Lines fallback;
        private boolean broken;

        /** Receives one whole record. */
        interface FrameConsumer {
            void frame(boolean text, int level, long micros, byte[] record);
        }

        Frames(FrameConsumer out, Consumer<String> fallback) {
            this.out = out;
            this.fallback = new Lines(fallback);
        }

        @Override
        public void accept(byte[] bytes, int length) {
            if (broken) {
                fallback.accept(bytes, length);
                return;
            }
            if (held.remaining() < length) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(held.capacity() * 2, held.position() + length));
                held.flip();
                bigger.put(held);
                held = bigger;
            }
            held.put(bytes, 0, length);
            held.flip();
            while (held.remaining() >= HEADER) {
                int type = held.getInt(held.position());
                int size = held.getInt(held.position() + 4);
                if ((type >>> 16) != 0xa55a || size < 0) {
                    // Not the framing protocol: show the rest as text rather than lose it.
                    broken = true;
                    byte[] rest = new byte[held.remaining()];
                    held.get(rest);
                    held.clear();
                    fallback.accept(rest, rest.length);
                    return;
                }
                if (held.remaining() < HEADER + size) {
                    break;
                }
                held.getInt();
                held.getInt();
                long micros = held.getLong();
                byte[] record = new byte[size];
                held.get(record);
                out.frame((type & 1) == 1, (type >>> 2) & 7, micros, record);
            }
            held.compact();
        }

        @Override
        public void flush() {
            fallback.flush();
        }
    }
}
