package io.github.apigwcorrelation.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;
import org.apache.logging.log4j.core.layout.ByteBufferDestinationHelper;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What escaping a message costs per line: the same event encoded by a {@code PatternLayout} whose message is
 * {@code %m} (nothing escaped), {@code %enc{%m}{CRLF}} (Log4j2's CR/LF encoding, what the library used before) or
 * {@code %printable{%m}} (every control character), for a typical message and for one holding control characters.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EscapingBenchmark {
    /** The message converter. */
    public enum Converter {
        /** {@code %m}. */
        RAW("%m"),
        /** {@code %enc{%m}{CRLF}}. */
        CRLF("%enc{%m}{CRLF}"),
        /** {@code %printable{%m}}. */
        PRINTABLE("%printable{%m}");

        final String pattern;

        Converter(String pattern) {
            this.pattern = pattern;
        }
    }

    /** The message. */
    public enum Message {
        /** 60 printable characters, as most lines are. */
        TYPICAL("GET /orders/42 priced at 2500 cents for customer cus-20931"),
        /** The same with a CR LF and an ESC sequence inside, as a hostile path would be. */
        HOSTILE("GET /orders/42\r\n\u001b[2K priced at 2500 cents for cus-20931");

        final String text;

        Message(String text) {
            this.text = text;
        }
    }

    @Param({"RAW", "CRLF", "PRINTABLE"})
    public Converter converter;

    @Param({"TYPICAL", "HOSTILE"})
    public Message message;

    private PatternLayout layout;
    private LogEvent event;
    private final ByteBuffer buffer = ByteBuffer.allocate(4096);
    private final ByteBufferDestination destination = new ByteBufferDestination() {
        @Override
        public ByteBuffer getByteBuffer() {
            return buffer;
        }

        @Override
        public ByteBuffer drain(ByteBuffer full) {
            full.clear();
            return full;
        }

        @Override
        public void writeBytes(ByteBuffer data) {
            ByteBufferDestinationHelper.writeToUnsynchronized(data, this);
        }

        @Override
        public void writeBytes(byte[] data, int offset, int length) {
            ByteBufferDestinationHelper.writeToUnsynchronized(data, offset, length, this);
        }
    };

    @Setup
    public void start() {
        layout = PatternLayout.newBuilder().withConfiguration(new DefaultConfiguration())
                .withPattern("%-5level %c{1} - " + converter.pattern + "%n").build();
        event = Log4jLogEvent.newBuilder().setLoggerName("com.example.orders.OrderService").setLevel(Level.INFO)
                .setMessage(new SimpleMessage(message.text)).build();
        line();
        String written = new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
        if (converter == Converter.PRINTABLE && message == Message.HOSTILE && !written.contains("\\u001b[2K")) {
            throw new IllegalStateException("%printable did not escape: " + written);
        }
    }

    @Benchmark
    public ByteBuffer line() {
        buffer.clear();
        layout.encode(event, destination);
        return buffer;
    }
}
