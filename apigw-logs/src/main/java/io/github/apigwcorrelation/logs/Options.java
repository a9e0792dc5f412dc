package io.github.apigwcorrelation.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments: a command, positional arguments and {@code --name value} /
 * {@code --name=value} options. Hand-written because three commands with a dozen options do not
 * justify a parser library in a jar that is mostly the AWS SDK.
 */
final class Options {
    static final Set<String> FLAGS = Set.of("watch", "no-color", "color", "stats", "help", "no-hops");
    static final Set<String> VALUED = Set.of("api-id", "stage", "start", "end", "filter-pattern", "output",
            "region", "profile", "endpoint-url", "interval", "lookback", "max-rps", "request", "function", "page-size",
            "hold", "sweep", "engine", "since", "poll", "stack", "downstream", "follow-for");
    /** Options that may be given more than once; {@link #all} reads every value, {@link #get} the last. */
    static final Set<String> REPEATABLE = Set.of("stack", "downstream");

    final String command;
    final List<String> positional = new ArrayList<>();
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> repeated = new HashMap<>();

    private Options(String command) {
        this.command = command;
    }

    static Options parse(String[] args) {
        if (args.length == 0) {
            return new Options("help");
        }
        Options o = new Options(args[0].startsWith("--") ? "help" : args[0]);
        for (int i = args[0].startsWith("--") ? 0 : 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h")) {
                a = "--help";
            }
            if (!a.startsWith("--") || a.equals("--")) {
                o.positional.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw usage("--" + name + " takes no value");
                }
                o.values.put(name, "true");
            } else if (VALUED.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw usage("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                o.values.put(name, value);
                o.repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw usage("unknown option --" + name);
            }
        }
        return o;
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** Every value of a repeatable option, in the order given; empty when it is absent. */
    List<String> all(String name) {
        return List.copyOf(repeated.getOrDefault(name, List.of()));
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw usage(command + " needs --" + name);
        }
        return v;
    }

    /** A duration option such as {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d}, in milliseconds. */
    long millis(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d{1,9})(ms|s|m|h|d)?$").matcher(v.strip());
        if (!m.matches()) {
            throw usage("--" + name + " takes a duration like 500ms, 2s, 1m, 1h or 1d, not '" + Escape.text(v) + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
            case "ms":
                return n;
            case "s":
                return n * 1000;
            case "m":
                return n * 60_000;
            case "h":
                return n * 3_600_000;
            default:
                return n * 86_400_000;
        }
    }

    static CliException usage(String message) {
        return new CliException(2, message + "\n" + Cli.USAGE);
    }
}
