package io.github.apigwcorrelation.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One pinned package that ships real event samples, as {@code registry:name@version} in the manifest, and
 * where its registry's client puts it under the corpus folder. We may not commit the samples themselves,
 * so they are read from there, where {@code .ci/run} installs them; a missing package fails, saying how to
 * install it.
 *
 * @param registry {@code go}, {@code crate} or {@code npm}
 * @param name the module, crate or package name
 * @param version the exact version
 */
record CorpusPackage(String registry, String name, String version) {
    /** A fenced JSON block of a README: {@code README.md#json-2} is the second. */
    private static final Pattern FENCE_PATH = Pattern.compile("(.+\\.md)#json-(\\d+)");
    /** An npm scope's leading {@code @} belongs to the name; the last {@code @} starts the version. */
    private static final Pattern PACKAGE_ID = Pattern.compile("(go|crate|npm):(@?[^@\\s]+)@([^@\\s]+)");
    private static final Pattern JSON_FENCE = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    /** @param id {@code registry:name@version} */
    static CorpusPackage parse(String id) {
        Matcher m = PACKAGE_ID.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException("not registry:name@version with registry go, crate or npm: " + id);
        }
        return new CorpusPackage(m.group(1), m.group(2), m.group(3));
    }

    /** The folder the corpus packages are installed in: {@code <tools.venv>/corpus}, as {@code .ci/run} fills it. */
    static Path corpusRoot() {
        String venv = System.getProperty("tools.venv", "");
        if (venv.isBlank()) {
            throw new AssertionError("tools.venv is not set: run this test as .ci/run does, after its step"
                    + " 'real AWS event samples': ./mvnw -Ptools -Dtools.venv=$PWD/.ci/.venv verify");
        }
        return Path.of(venv).toAbsolutePath().resolve("corpus");
    }

    /** @return where the registry's client put this package's files */
    Path root() {
        Path corpus = corpusRoot();
        return switch (registry) {
            // GOMODCACHE layout; the module paths pinned here have no capitals, which Go would escape.
            case "go" -> corpus.resolve("gomod").resolve(name + "@" + version);
            // cargo vendor --versioned-dirs
            case "crate" -> corpus.resolve("cargo/vendor").resolve(name + "-" + version);
            // npm pack names the tarball @scope/name as scope-name-version; .ci/run unpacks it beside.
            case "npm" -> corpus.resolve("npm").resolve(name.replace("@", "").replace('/', '-') + "-" + version)
                    .resolve("package");
            default -> throw new IllegalStateException(registry);
        };
    }

    /** @return the commands that install this package where {@link #root()} looks, as {@code .ci/run} runs them */
    String installCommand() {
        String corpus = corpusRoot().toString();
        return switch (registry) {
            case "go" -> "(cd " + corpus + " && GOMODCACHE=" + corpus + "/gomod GOFLAGS=-modcacherw go mod download -json "
                    + name + "@" + version + ")";
            case "crate" -> "cargo vendor --versioned-dirs --manifest-path " + corpus + "/cargo/Cargo.toml " + corpus
                    + "/cargo/vendor (that Cargo.toml depends on " + name + " = \"=" + version + "\")";
            case "npm" -> "npm pack " + name + "@" + version + " --pack-destination " + corpus + "/npm, then tar -xzf"
                    + " the .tgz into " + root().getParent();
            default -> throw new IllegalStateException(registry);
        };
    }

    /** Fails, saying how to install it, unless the package is where its client puts it. */
    void assertInstalled() {
        if (!Files.isDirectory(root())) {
            throw new AssertionError(this + " is not installed: no " + root() + ". Run bash .ci/run (its step"
                    + " 'real AWS event samples'), or: " + installCommand());
        }
    }

    /**
     * @param path a file of the package, or {@code README.md#json-N}
     * @return its bytes; for a README block, the block's text between the fences, as UTF-8
     */
    byte[] read(String path) {
        assertInstalled();
        Matcher fence = FENCE_PATH.matcher(path);
        try {
            if (!fence.matches()) {
                return Files.readAllBytes(file(path));
            }
            List<String> blocks = jsonFences(fence.group(1));
            int index = Integer.parseInt(fence.group(2));
            if (index < 1 || index > blocks.size()) {
                throw new AssertionError(this + " " + fence.group(1) + " has " + blocks.size()
                        + " ```json blocks, not a block " + index);
            }
            return blocks.get(index - 1).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(this + " has no readable " + path + " (" + e + ")", e);
        }
    }

    /**
     * @param folder a folder of the package, or a README ({@code *.md})
     * @return the paths of every JSON sample it holds, as the manifest names them
     */
    List<String> samplesIn(String folder) {
        assertInstalled();
        try {
            if (folder.endsWith(".md")) {
                List<String> paths = new ArrayList<>();
                for (int i = 1; i <= jsonFences(folder).size(); i++) {
                    paths.add(folder + "#json-" + i);
                }
                return paths;
            }
            try (Stream<Path> files = Files.list(file(folder))) {
                return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                        .map(f -> folder + "/" + f.getFileName())
                        .sorted()
                        .collect(Collectors.toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the folder of {@code path} that {@link #samplesIn(String)} lists, or the README itself */
    static String folderOf(String path) {
        Matcher fence = FENCE_PATH.matcher(path);
        if (fence.matches()) {
            return fence.group(1);
        }
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private List<String> jsonFences(String readme) throws IOException {
        String text = Files.readString(file(readme), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = JSON_FENCE.matcher(text);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private Path file(String path) {
        Path file = root().resolve(path).normalize();
        if (!file.startsWith(root())) {
            throw new IllegalArgumentException("path leaves the package: " + path);
        }
        return file;
    }

    /** @return the short name used in test names: the last segment of the name */
    String shortName() {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return registry + ":" + name + "@" + version;
    }
}
