package io.github.apigwcorrelation.localapi;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP/1.1 side of the local API Gateway, on raw sockets so that every edge answers as API Gateway does
 * instead of resetting the connection: headers over the limit get a 431, a body over the limit a 413 (before
 * {@code 100 Continue} when the client asks for one), a malformed request a 400, and after an early answer the
 * connection is closed gracefully (the unread request is drained first, so the client reads the answer).
 */
final class HttpFront implements AutoCloseable {
    /** API Gateway's payload quota (REST and HTTP APIs: 10 MB). */
    static final int MAX_BODY = 10 * 1024 * 1024;
    /** API Gateway's quota on the request line plus header values (REST and HTTP APIs: 10,240 bytes). */
    static final int MAX_LINE_AND_HEADER_VALUES = 10_240;
    /** What the local API reads of a request head at most, whatever it holds (memory stays bounded). */
    static final int MAX_HEAD = 64 * 1024;
    private static final int IDLE_MILLIS = 60_000;
    private static final int LINGER_MILLIS = 5_000;

    private final ServerSocket server;
    private final ExecutorService connections;
    private final Handler handler;
    private volatile boolean closed;

    /** Why a request is answered before it reaches a route. */
    enum Refusal {
        /** The request line and header values exceed the quota, or the head is too large to read. */
        HEADERS_TOO_LARGE,
        /** The body exceeds the payload quota. */
        BODY_TOO_LARGE,
        /** Not an HTTP/1.x request the gateway can read. */
        MALFORMED
    }

    /**
     * One request.
     *
     * @param method the method
     * @param rawPath the path as sent, without the query
     * @param rawQuery the query as sent, or null
     * @param headers header name (as sent) to values, in order
     * @param body the body
     * @param sourceIp the client's address
     */
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
            String sourceIp) {}

    /** What the gateway does with requests. */
    interface Handler {
        Gateway.Reply handle(Request request);

        /** The answer to a request refused at the door; {@code rawPath} is null when the request line is unreadable. */
        Gateway.Reply refuse(Refusal refusal, String method, String rawPath);
    }

    HttpFront(int port, Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-api-http");
            t.setDaemon(true);
            return t;
        });
        Thread acceptor = new Thread(this::accept, "local-api-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_MILLIS);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String sourceIp = socket.getInetAddress().getHostAddress();
            while (!closed && exchange(in, out, socket, sourceIp)) {
                // keep-alive: next request on the same connection
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Serves one request; false when the connection must close. */
    private boolean exchange(InputStream in, OutputStream out, Socket socket, String sourceIp) throws IOException {
        byte[] head;
        try {
            head = readHead(in);
        } catch (SocketTimeoutException idle) {
            return false;
        }
        if (head == null) {
            return false;
        }
        if (head.length > MAX_HEAD) {
            String[] line = requestLine(head);
            refuse(socket, out, Refusal.HEADERS_TOO_LARGE, line == null ? null : line[0], line == null ? null : path(line[1]));
            return false;
        }
        List<String> lines = splitLines(head);
        String[] requestLine = lines.isEmpty() ? null : parseRequestLine(lines.get(0));
        if (requestLine == null) {
            refuse(socket, out, Refusal.MALFORMED, null, null);
            return false;
        }
        String method = requestLine[0];
        String target = requestLine[1];
        String rawPath = path(target);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        long quota = lines.get(0).length();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                refuse(socket, out, Refusal.MALFORMED, method, rawPath);
                return false;
            }
            String value = line.substring(colon + 1).strip();
            quota += value.getBytes(StandardCharsets.UTF_8).length;
            headers.computeIfAbsent(canonicalName(line.substring(0, colon), headers), k -> new ArrayList<>()).add(value);
        }
        if (quota > MAX_LINE_AND_HEADER_VALUES) {
            refuse(socket, out, Refusal.HEADERS_TOO_LARGE, method, rawPath);
            return false;
        }
        String length = first(headers, "Content-Length");
        boolean chunked = first(headers, "Transfer-Encoding") != null;
        if (chunked && !"chunked".equalsIgnoreCase(first(headers, "Transfer-Encoding")) || chunked && length != null
                || length != null && !length.matches("\\d{1,18}")) {
            refuse(socket, out, Refusal.MALFORMED, method, rawPath);
            return false;
        }
        long declared = length == null ? 0 : Long.parseLong(length);
        if (declared > MAX_BODY) {
            // Answered before "100 Continue" and before the body: the client need not send 10 MB to be refused.
            refuse(socket, out, Refusal.BODY_TOO_LARGE, method, rawPath);
            return false;
        }
        if ("100-continue".equalsIgnoreCase(first(headers, "Expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = chunked ? readChunked(in) : in.readNBytes((int) declared);
        if (body == null) {
            refuse(socket, out, Refusal.BODY_TOO_LARGE, method, rawPath);
            return false;
        }
        if (body.length < declared) {
            return false;
        }
        int query = target.indexOf('?');
        Request request = new Request(method, rawPath, query < 0 ? null : target.substring(query + 1), headers, body, sourceIp);
        boolean keepAlive = !"close".equalsIgnoreCase(first(headers, "Connection")) && requestLine[2].equals("HTTP/1.1");
        write(out, handler.handle(request), method.equals("HEAD"), !keepAlive);
        return keepAlive;
    }

    private void refuse(Socket socket, OutputStream out, Refusal refusal, String method, String rawPath) throws IOException {
        write(out, handler.refuse(refusal, method, rawPath), "HEAD".equals(method), true);
        // Lingering close: stop sending, then read what the client is still sending, so that closing does not
        // reset the connection under the answer it has not read yet.
        socket.shutdownOutput();
        socket.setSoTimeout(LINGER_MILLIS);
        long deadline = System.currentTimeMillis() + LINGER_MILLIS;
        byte[] sink = new byte[1 << 16];
        try {
            InputStream in = socket.getInputStream();
            while (System.currentTimeMillis() < deadline && in.read(sink) >= 0) {
                // discard
            }
        } catch (IOException done) {
            // the client closed, or the linger time is over
        }
    }

    private static void write(OutputStream out, Gateway.Reply reply, boolean head, boolean close) throws IOException {
        StringBuilder text = new StringBuilder(256).append("HTTP/1.1 ").append(reply.status()).append(' ')
                .append(reason(reply.status())).append("\r\n");
        reply.headers().forEach((name, values) -> {
            if (!isToken(name) || name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection")) {
                return;
            }
            for (String value : values) {
                // A function's header value cannot split the response.
                text.append(name).append(": ").append(value.replaceAll("[\\r\\n\\x00]", " ")).append("\r\n");
            }
        });
        text.append("Content-Length: ").append(reply.body().length).append("\r\n");
        if (close) {
            text.append("Connection: close\r\n");
        }
        text.append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        if (!head) {
            out.write(reply.body());
        }
        out.flush();
    }

    /** The head up to the empty line; more than {@link #MAX_HEAD} bytes are not kept; null at end of stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int lineLength = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue; // tolerated before a request line
            }
            head.write(b);
            if (b == '\n') {
                if (lineLength == 0) {
                    return head.toByteArray();
                }
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
            if (head.size() > MAX_HEAD) {
                return head.toByteArray();
            }
        }
        return null;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new IOException("truncated chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size");
            }
            if (size == 0) {
                while (true) {
                    String trailer = readLine(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                }
            }
            if (body.size() + size > MAX_BODY) {
                return null;
            }
            byte[] chunk = in.readNBytes((int) size);
            body.write(chunk);
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() > 4096) {
                throw new IOException("line too long");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    private static List<String> splitLines(byte[] head) {
        List<String> lines = new ArrayList<>();
        for (String line : new String(head, StandardCharsets.UTF_8).split("\r?\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String[] requestLine(byte[] head) {
        int end = 0;
        while (end < head.length && head[end] != '\n' && end < 16384) {
            end++;
        }
        return parseRequestLine(new String(head, 0, end, StandardCharsets.UTF_8).strip());
    }

    /** {@code METHOD SP target SP HTTP/1.x}, or null. */
    private static String[] parseRequestLine(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))
                || parts[1].isEmpty() || parts[1].chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return null;
        }
        return parts;
    }

    /** The path of an origin-form ({@code /p?q}) or absolute-form ({@code http://h/p?q}) target. */
    private static String path(String target) {
        String t = target;
        if (t.startsWith("http://") || t.startsWith("https://")) {
            int slash = t.indexOf('/', t.indexOf("//") + 2);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        int query = t.indexOf('?');
        return query < 0 ? t : t.substring(0, query);
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** The first spelling a header name was sent with names it for the whole request (names are case-insensitive). */
    private static String canonicalName(String name, Map<String, List<String>> headers) {
        for (String known : headers.keySet()) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return name;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status < 400 ? "OK" : status < 500 ? "Client Error" : "Server Error";
        };
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.shutdownNow();
    }
}
