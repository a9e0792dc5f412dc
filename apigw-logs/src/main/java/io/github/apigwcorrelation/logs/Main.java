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
        // Ctrl-C ends --watch through an interrupt, so the last stats still print.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            main.interrupt();
            out.flush();
        }));
        int code = new Cli(System.in, out, err, Clients::create, System::currentTimeMillis,
                System.console() != null, Thread::sleep).run(args);
        out.flush();
        System.exit(code);
    }
}
