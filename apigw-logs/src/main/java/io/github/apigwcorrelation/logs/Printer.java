package io.github.apigwcorrelation.logs;

import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Prints events as text (one line each, labelled by source, optionally colored) or as JSON lines. Every
 * text line goes through {@link Escape}: messages, IDs, group and stream names are written by others,
 * and none of them may redraw the terminal or fake a line.
 */
final class Printer {
    private static final String RESET = "\u001b[0m";
    private static final String DIM = "\u001b[2m";
    private static final String[] PALETTE = {"\u001b[36m", "\u001b[32m", "\u001b[35m", "\u001b[33m",
        "\u001b[34m", "\u001b[96m", "\u001b[92m", "\u001b[95m"};

    private final PrintStream out;
    private PrintStream err;
    private final boolean json;
    private final boolean color;
    private final int labelWidth;
    private final Map<String, String> colors = new HashMap<>();
    private final LongSupplier clock;
    private long firstLineAt = -1;
    private long lines;

    Printer(PrintStream out, boolean json, boolean color, List<String> labels, LongSupplier clock) {
        this.out = out;
        this.json = json;
        this.color = color;
        this.labelWidth = labels.stream().mapToInt(String::length).max().orElse(8);
        this.clock = clock;
        for (String l : labels) {
            colorOf(l);
        }
    }

    /** Where {@link #warn} writes. */
    Printer warnings(PrintStream stream) {
        this.err = stream;
        return this;
    }

    boolean json() {
        return json;
    }

    /** When the first line was printed (clock millis), or -1. */
    long firstLineAt() {
        return firstLineAt;
    }

    long lines() {
        return lines;
    }

    void event(LogEvent e) {
        event(e, null);
    }

    /** One event; {@code section} names its group in {@code request} output (JSON only). */
    void event(LogEvent e, String section) {
        event(e, section, null);
    }

    /** A line of a request's hop past the first function ({@code "section": "hop", "hop": n} in JSON). */
    void hopEvent(LogEvent e, int hop) {
        event(e, "hop", hop);
    }

    private void event(LogEvent e, String section, Integer hop) {
        if (json) {
            Line l = e.line();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("time", iso(e.timestamp()));
            f.put("timestamp", e.timestamp());
            f.put("ingestionTime", e.ingestionTime() == 0 ? null : e.ingestionTime());
            f.put("eventId", e.eventId());
            f.put("source", e.source());
            f.put("logGroup", e.group());
            f.put("logStream", e.stream());
            f.put("section", section);
            f.put("hop", hop);
            f.put("kind", l.kind().name().toLowerCase(java.util.Locale.ROOT));
            f.put("apiGatewayRequestId", l.apiGatewayRequestId());
            f.put("lambdaRequestId", l.lambdaRequestId());
            f.put("originRequestId", l.originRequestId());
            f.put("message", e.message());
            emit(Json.line(f));
        } else {
            String prefix = section == null ? "" : "    ";
            if (e.group().equals("-")) {
                emit(prefix + Escape.text(e.message()));   // a local file's line already holds its own time
                return;
            }
            String label = pad(Escape.text(e.source()), labelWidth);
            emit(prefix + paint(DIM, iso(e.timestamp())) + " " + paint(colorOf(e.source()), label) + " "
                    + Escape.text(e.message()));
        }
    }

    /** A note about the output itself, on the error stream so it never mixes with events. */
    void warn(String text) {
        if (err != null) {
            err.println(Escape.text(text));
        }
    }

    /** A heading line of text output ({@code request}, {@code local}); JSON output skips it. */
    void heading(String text) {
        if (!json) {
            emit(color ? "\u001b[1m" + Escape.text(text) + RESET : Escape.text(text));
        }
    }

    /** A plain line of text output (the waterfall); JSON output skips it. */
    void text(String text) {
        if (!json) {
            emit(Escape.text(text));
        }
    }

    /** A summary: text line or a JSON object with {@code "summary": true}. */
    void summary(String text, Map<String, Object> fields) {
        if (json) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("summary", true);
            f.putAll(fields);
            emit(Json.line(f));
        } else {
            emit(color ? "\u001b[1m" + Escape.text(text) + RESET : Escape.text(text));
        }
    }

    private void emit(String s) {
        if (firstLineAt < 0) {
            firstLineAt = clock.getAsLong();
        }
        lines++;
        out.println(s);
        out.flush();
    }

    private String colorOf(String label) {
        return colors.computeIfAbsent(label, k -> PALETTE[colors.size() % PALETTE.length]);
    }

    private String paint(String code, String s) {
        return color ? code + s + RESET : s;
    }

    static String iso(long millis) {
        String s = Instant.ofEpochMilli(millis).toString();
        // Instant drops zero millis; keep every line the same width.
        return s.length() == 20 ? s.substring(0, 19) + ".000Z" : s;
    }

    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }
}
