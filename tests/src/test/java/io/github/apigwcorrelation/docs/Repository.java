package io.github.apigwcorrelation.docs;

import java.nio.file.Path;

/** The repository the tests run in: the build passes its root as {@code repo.root}. */
final class Repository {
    private Repository() {}

    static Path root() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }
}
