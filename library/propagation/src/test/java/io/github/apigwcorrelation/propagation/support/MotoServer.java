package io.github.apigwcorrelation.propagation.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} from the venv named by the {@code tools.venv} system property, on a free loopback port. A
 * missing property or program fails the test with the fix, never skips it.
 */
public final class MotoServer implements AutoCloseable {
    private final int port;
    private final Process process;
    private final Path log;

    private MotoServer(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** @return the endpoint to point SDK clients at */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return a started server, listening */
    public static MotoServer start() throws IOException, InterruptedException {
        String venv = System.getProperty("tools.venv", "");
        if (venv.isBlank()) {
            throw new AssertionError("system property tools.venv is empty: run with -Ptools -Dtools.venv=/abs/venv "
                    + "where `pip install 'moto[server]==5.2.5'` was run");
        }
        Path program = Path.of(venv, "bin", "moto_server");
        if (!Files.isExecutable(program)) {
            throw new AssertionError(program + " is missing: pip install 'moto[server]==5.2.5' into " + venv);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("moto-server", ".log");
        Process p = new ProcessBuilder(program.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("moto_server exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new MotoServer(port, p, log);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("moto_server did not listen on port " + port + " within 30 s: " + Files.readString(log));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
