package io.github.apigwcorrelation.localapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where a function's code is, laid out as Lambda's {@code /var/task}: classes and resources at the top, jars in
 * {@code lib/}. That is {@code sam build} output ({@code .aws-sam/build/<Function>/}) as it is; for the Maven
 * layout of a {@code CodeUri} ({@code target/classes} plus {@code target/dependency}) a task root of links to
 * them is made.
 */
final class FunctionCode {
    private FunctionCode() {}

    /**
     * The task root of {@code function}: its {@code sam build} output, else links to its Maven build.
     *
     * @param buildDir the {@code sam build} output folder, or null
     * @param work a folder of the local API's own, for the links
     * @throws TemplateException when the function is not built, or its handler class is not in its code
     */
    static Path taskRoot(FunctionDef function, Path buildDir, Path work) throws IOException {
        Path built = buildDir == null ? null : buildDir.resolve(function.logicalId());
        Path root;
        List<Path> entries = new ArrayList<>();
        if (built != null && Files.isDirectory(built)) {
            root = built;
            entries.add(built);
            entries.addAll(jars(built.resolve("lib")));
        } else if (Files.isDirectory(function.codeUri().resolve("target/classes"))) {
            Path classes = function.codeUri().resolve("target/classes");
            Path dependencies = function.codeUri().resolve("target/dependency");
            if (!Files.isDirectory(dependencies)) {
                throw new TemplateException("function " + function.logicalId() + ": " + dependencies + " is missing; run"
                        + " `mvn package dependency:copy-dependencies -DincludeScope=runtime` in " + function.codeUri()
                        + ", or `sam build`");
            }
            root = Files.createDirectories(work.resolve(function.logicalId()));
            try (Stream<Path> top = Files.list(classes)) {
                for (Path entry : top.toList()) {
                    Files.createSymbolicLink(root.resolve(entry.getFileName().toString()), entry.toAbsolutePath());
                }
            }
            Files.createSymbolicLink(root.resolve("lib"), dependencies.toAbsolutePath());
            entries.add(classes);
            entries.addAll(jars(dependencies));
        } else {
            throw new TemplateException("function " + function.logicalId() + " is not built: no "
                    + function.codeUri().resolve("target/classes") + (built == null ? "" : " and no " + built)
                    + "; build it with `mvn package` (and copy its dependencies) or `sam build`");
        }
        checkHandler(function, entries);
        return root;
    }

    /** A handler class that is not in the code fails at start, naming the function, not at the first request. */
    private static void checkHandler(FunctionDef function, List<Path> entries) throws IOException {
        String handler = function.handler();
        String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        String file = className.replace('.', '/') + ".class";
        for (Path entry : entries) {
            if (Files.isDirectory(entry) ? Files.isRegularFile(entry.resolve(file)) : inJar(entry, file)) {
                return;
            }
        }
        throw new TemplateException("function " + function.logicalId() + ": handler class " + className + " is not in its code");
    }

    private static boolean inJar(Path jar, String file) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getJarEntry(file) != null;
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }
}
