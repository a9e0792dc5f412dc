package io.github.apigwcorrelation.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The programs the {@code needs-tools} tests run, found in the Python virtual environment that
 * {@code .ci/run} fills ({@code -Dtools.venv=...}). A missing tool fails the test that needs it, saying
 * how to get it: these tests never skip.
 */
final class Tools {
    private Tools() {}

    static Path venv() {
        String venv = System.getProperty("tools.venv", "");
        if (venv.isBlank()) {
            throw new AssertionError("tools.venv is not set: run these tests as .ci/run does, "
                    + "./mvnw -Ptools -Dtools.venv=$PWD/.ci/.venv verify, after .ci/run has created that venv");
        }
        Path path = Path.of(venv).toAbsolutePath();
        if (!Files.isDirectory(path)) {
            throw new AssertionError("tools.venv " + path + " does not exist; run bash .ci/run once to create it");
        }
        return path;
    }

    static Path sam() {
        Path sam = venv().resolve("bin/sam");
        if (!Files.isExecutable(sam)) {
            throw new AssertionError("no SAM CLI at " + sam + ": pip install aws-sam-cli into " + venv());
        }
        return sam;
    }

    /** The x86_64 Runtime Interface Emulator that the SAM CLI package ships (it copies it into its containers). */
    static Path runtimeInterfaceEmulator() {
        try (Stream<Path> libs = Files.list(venv().resolve("lib"))) {
            List<Path> found = libs
                    .map(lib -> lib.resolve("site-packages/samcli/local/rapid/aws-lambda-rie-x86_64"))
                    .filter(Files::isRegularFile)
                    .collect(Collectors.toList());
            if (found.isEmpty()) {
                throw new AssertionError("no aws-lambda-rie-x86_64 inside the SAM CLI package in " + venv());
            }
            Path rie = found.get(0);
            if (!Files.isExecutable(rie) && !rie.toFile().setExecutable(true)) {
                throw new AssertionError(rie + " is not executable");
            }
            return rie;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@code sam build} put the sample's functions; the emulator runs them from there. */
    static Path samBuildDir() {
        Path dir = Path.of(System.getProperty("sam.build.dir", SampleRoutes.repoRoot() + "/.aws-sam/build"));
        if (!Files.isRegularFile(dir.resolve("template.yaml"))) {
            throw new AssertionError("no sam build output in " + dir + ": run `sam build` at the repository root first"
                    + " (after ./mvnw install -DskipTests, which puts the library into the local Maven repository)");
        }
        return dir;
    }

    /** The {@code java} the runtime runs on: {@code -Druntime.java.home}, else the JDK running the tests. */
    static Path runtimeJava() {
        Path java = Path.of(System.getProperty("runtime.java.home", System.getProperty("java.home")), "bin", "java");
        if (!Files.isExecutable(java)) {
            throw new AssertionError("no Java at " + java + ": set -Druntime.java.home to a JDK or JRE (17 or newer)");
        }
        return java;
    }

    /** The Java Runtime Interface Client and its dependencies, copied by the build. */
    static Path runtimeClientDir() {
        Path dir = Path.of(System.getProperty("runtime.client.dir", "target/runtime-client"));
        try (Stream<Path> jars = Files.list(dir)) {
            if (jars.noneMatch(jar -> jar.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))) {
                throw new AssertionError("no runtime interface client jar in " + dir);
            }
        } catch (IOException e) {
            throw new AssertionError("no runtime client folder " + dir + " (the build copies it)", e);
        }
        return dir.toAbsolutePath();
    }
}
