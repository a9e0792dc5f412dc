package io.github.apigwcorrelation.localapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Java runtime every execution environment runs: the runtime interface client and its dependencies, which
 * the build packs under {@code lambda-runtime/}, unpacked into a folder of their own with the client's native
 * library for this machine.
 *
 * @param directory where the jars are ({@code LAMBDA_RUNTIME_DIR})
 * @param jars the jars, the whole class path of the runtime's JVM
 * @param nativeLibrary the client's native library for this OS and CPU
 */
record RuntimeClient(Path directory, List<Path> jars, Path nativeLibrary) {
    private static final String FOLDER = "lambda-runtime/";

    /** The class path argument. */
    String classPath() {
        return jars.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    /**
     * Unpacks the runtime into {@code into}.
     *
     * @throws TemplateException on a machine the runtime's native client does not support
     */
    static RuntimeClient unpack(Path into) throws IOException {
        String platform = platform();
        Files.createDirectories(into);
        Path code;
        try {
            code = Path.of(RuntimeClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(code)) {
            try (Stream<Path> files = Files.list(code.resolve(FOLDER))) {
                for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(Files.copy(jar, into.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING));
                }
            }
        } else {
            try (JarFile tool = new JarFile(code.toFile())) {
                for (JarEntry entry : tool.stream().filter(e -> e.getName().startsWith(FOLDER) && e.getName().endsWith(".jar")).toList()) {
                    Path jar = into.resolve(entry.getName().substring(FOLDER.length()));
                    try (InputStream in = tool.getInputStream(entry)) {
                        Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
                    }
                    jars.add(jar);
                }
            }
        }
        Path client = jars.stream().filter(j -> j.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                .findFirst().orElseThrow(() -> new IOException("the runtime interface client is not packed in " + code
                        + " (" + FOLDER + "); rebuild local-api"));
        Path library = into.resolve("libaws-lambda-jni.so");
        try (JarFile jar = new JarFile(client.toFile())) {
            JarEntry entry = jar.getJarEntry("jni/libaws-lambda-jni." + platform + ".so");
            if (entry == null) {
                throw new IOException(client + " has no native library for " + platform);
            }
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new RuntimeClient(into, List.copyOf(jars), library);
    }

    /** The runtime's native client exists for Linux on x86_64 and arm64, glibc or musl, as Lambda runs. */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String cpu = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : null;
        if (!os.contains("linux") || cpu == null) {
            throw new TemplateException("the Java runtime interface client runs on Linux (x86_64 or arm64) only, as Lambda"
                    + " does; this is " + System.getProperty("os.name") + " " + arch
                    + ": run local-api in a Linux VM or container, or use sam local start-api");
        }
        boolean musl = Files.exists(Path.of("/lib/ld-musl-" + (cpu.equals("x86_64") ? "x86_64" : "aarch64") + ".so.1"));
        return (musl ? "linux_musl-" : "linux-") + cpu;
    }
}
