package io.github.apigwcorrelation.logs;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code apigw-logs}: shows a request's whole story across API Gateway and Lambda logs. Run without
 * arguments for usage; {@code apigw-logs/README.md} has the details.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command line and exits with its code: 0 done, 1 error, 2 usage, 3 nothing found,
     * 4 permission denied, 5 no credentials or region.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Thread main = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        // Ctrl-C (or a TERM) ends --watch through an interrupt; the hook waits a moment for the command to
        // finish, so the last --stats line still prints.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            main.interrupt();
            try {
                main.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
        }));
        int code = new Cli(System.in, out, err, Clients::create, System::currentTimeMillis,
                System.console() != null, Thread::sleep).run(args);
        out.flush();
        if (!stopping.get()) {
            System.exit(code);   // during shutdown, exit would wait for the hook, which waits for this thread
        }
    }
}
