package dev.fovea.e2e.chart;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of files the chart tests read from the repository, resolved from wherever Maven runs the tests. */
final class RepositoryPaths {

    private RepositoryPaths() {}

    /** The repository root: the nearest ancestor of the working directory that holds {@code charts/fovea}. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("charts/fovea"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No charts/fovea above " + dir);
    }

    static Path chart() {
        return root().resolve("charts/fovea");
    }

    static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
