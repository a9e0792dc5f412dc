package io.github.apigwcorrelation.localapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local API Gateway without Docker: serves the routes of a SAM template on {@code 127.0.0.1} and
 * invokes their Java handlers with the events API Gateway would send, a fresh request ID per request.
 *
 * <pre>
 * java -jar local-api.jar [--template template.yaml] [--port 3000] [--build-dir .aws-sam/build]
 *                         [--invoke in-process|emulator] [--emulator PATH] [--runtime-client DIR]
 * </pre>
 */
public final class LocalApi implements AutoCloseable {
    /** API Gateway's payload limit (REST APIs: 10 MB). */
    private static final int MAX_PAYLOAD = 10 * 1024 * 1024;
    private final HttpServer server;
    private final ExecutorService workers;
    private final List<AutoCloseable> resources;
    private final RouteTable table;

    private LocalApi(HttpServer server, ExecutorService workers, List<AutoCloseable> resources, RouteTable table) {
        this.server = server;
        this.workers = workers;
        this.resources = resources;
        this.table = table;
    }

    /**
     * Reads the template, checks every route and handler, and starts serving.
     *
     * @param options the command-line options
     * @return the running API; {@link #close()} stops it
     * @throws IOException when the template cannot be read or the port cannot be bound
     */
    public static LocalApi start(Options options) throws IOException {
        SamTemplate template = SamTemplate.read(options.template());
        RouteTable table = new RouteTable(template.routes());
        if (table.routes().isEmpty()) {
            throw new TemplateException(options.template() + " declares no API route");
        }
        Path buildDir = options.buildDir() != null ? options.buildDir()
                : Files.isDirectory(options.template().toAbsolutePath().getParent().resolve(".aws-sam/build"))
                ? options.template().toAbsolutePath().getParent().resolve(".aws-sam/build") : null;
        Map<String, FunctionRunner> runners = new LinkedHashMap<>();
        List<AutoCloseable> resources = new ArrayList<>();
        for (Route route : table.routes()) {
            FunctionDef function = route.function();
            if (runners.containsKey(function.logicalId())) {
                continue;
            }
            if (options.emulator() != null) {
                if (buildDir == null) {
                    throw new TemplateException("--invoke emulator runs `sam build` output: run sam build or pass --build-dir");
                }
                EmulatorFunction runner = new EmulatorFunction(function, buildDir, options.emulator(), options.runtimeClient());
                resources.add(runner);
                runners.put(function.logicalId(), runner);
            } else {
                InProcessFunction runner = new InProcessFunction(function, buildDir);
                runner.check();
                runners.put(function.logicalId(), runner);
            }
        }
        Gateway gateway = new Gateway(table, runners);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 256);
        ExecutorService workers = Executors.newCachedThreadPool();
        server.setExecutor(workers);
        server.createContext("/", exchange -> serve(gateway, exchange));
        server.start();
        return new LocalApi(server, workers, resources, table);
    }

    /** The port it listens on (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    List<Route> routes() {
        return table.routes();
    }

    private static void serve(Gateway gateway, HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_PAYLOAD + 1);
            }
            if (body.length > MAX_PAYLOAD) {
                byte[] tooLong = "{\"message\":\"Request Too Long\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().put("Content-Type", List.of("application/json"));
                exchange.sendResponseHeaders(413, tooLong.length);
                exchange.getResponseBody().write(tooLong);
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(canonical(name), values));
            Gateway.Reply reply = gateway.handle(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body,
                    exchange.getRemoteAddress().getAddress().getHostAddress());
            reply.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
            boolean noBody = reply.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }

    /**
     * The JDK server reports {@code Content-type}; clients mostly send {@code Content-Type}, which API Gateway
     * passes on as sent. Capitalizing each hyphen-separated part is the closest a JDK server can get.
     */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("local-api: " + e);
            }
        }
    }

    /**
     * Command-line options.
     *
     * @param template the SAM template
     * @param port the port on 127.0.0.1 (0: any free port)
     * @param buildDir the {@code sam build} output folder, or null
     * @param emulator the {@code aws-lambda-rie} binary to invoke through, or null for in-process
     * @param runtimeClient the folder of the runtime interface client's jars (with {@code emulator})
     */
    public record Options(Path template, int port, Path buildDir, Path emulator, Path runtimeClient) {
        static Options parse(String[] args) {
            Path template = Path.of("template.yaml");
            int port = 3000;
            Path buildDir = null;
            Path emulator = null;
            Path runtimeClient = null;
            String invoke = "in-process";
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    throw new UsageException(null);
                }
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--template", "-t" -> template = Path.of(value);
                    case "--port", "-p" -> {
                        try {
                            port = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new UsageException("--port " + value + " is not a number");
                        }
                    }
                    case "--build-dir" -> buildDir = Path.of(value);
                    case "--invoke" -> invoke = value;
                    case "--emulator" -> emulator = Path.of(value);
                    case "--runtime-client" -> runtimeClient = Path.of(value);
                    default -> throw new UsageException("unknown option " + arg);
                }
            }
            if (invoke.equals("emulator")) {
                if (emulator == null || runtimeClient == null) {
                    throw new UsageException("--invoke emulator needs --emulator PATH and --runtime-client DIR");
                }
            } else if (invoke.equals("in-process")) {
                emulator = null;
            } else {
                throw new UsageException("--invoke is in-process or emulator, not " + invoke);
            }
            return new Options(template, port, buildDir, emulator, runtimeClient);
        }
    }

    /** A command line that cannot be followed. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static final String USAGE = String.join("\n",
            "usage: local-api [--template template.yaml] [--port 3000] [--build-dir .aws-sam/build]",
            "                 [--invoke in-process|emulator] [--emulator PATH/aws-lambda-rie] [--runtime-client DIR]");

    /**
     * Runs until interrupted.
     *
     * @param args see {@link Options}
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("local-api: " + e.getMessage());
            }
            System.err.println(USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        try {
            LocalApi api = start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(api::close));
            System.err.println("local-api: " + options.template() + " on http://127.0.0.1:" + api.port()
                    + (options.emulator() == null ? " (handlers in-process)" : " (handlers under " + options.emulator() + ")"));
            for (Route route : api.routes()) {
                System.err.println("  " + route.describe());
            }
        } catch (TemplateException e) {
            System.err.println("local-api: cannot serve " + options.template() + ": " + e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            System.err.println("local-api: " + e.getMessage());
            System.exit(1);
        }
    }
}
