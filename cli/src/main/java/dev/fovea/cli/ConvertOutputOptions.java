package dev.fovea.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What {@code fovea convert idx} and {@code fovea convert manifest} write, and which of their records: a folder, the
 * files' base name, and a window of the records' order, so that two calls with the same seed write disjoint subsets.
 */
final class ConvertOutputOptions {

    @Option(names = "--output", required = true, description = "The folder to write.")
    Path output;

    @Option(names = "--name", defaultValue = "train", description = "Base name of the files written.")
    String name;

    @Option(names = "--count", description = "Records to take (default: all).")
    Integer count;

    @Option(
            names = "--skip",
            defaultValue = "0",
            description = "Skip this many records of the order first (disjoint subsets, same seed).")
    int skip;
}
