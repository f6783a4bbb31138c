package dev.fovea.cli.local;

import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.HyperParametersFile;
import dev.fovea.api.contract.InputDataConfigFile;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.ResourceConfigFile;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local run's work directory: one {@code /opt/ml} tree per host ({@code algo-1}, {@code algo-2}, ...), each with
 * its own config, output and model, the channels linked to the mapped data folders, and one {@code checkpoints/}
 * that every host shares (rank 0 writes it, all hosts resume from it), kept across runs so a rerun resumes.
 */
final class LocalLayout {

    private static final Pattern COMPLETE_CHECKPOINT = Pattern.compile("epoch-\\d+");

    private final Path workDir;

    LocalLayout(Path workDir) {
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    Path workDir() {
        return workDir;
    }

    MlRoot host(int index) {
        return new MlRoot(workDir.resolve(ObjectNames.hostName(index)));
    }

    Path checkpoints() {
        return workDir.resolve("checkpoints");
    }

    Path logFile(int index) {
        return workDir.resolve("logs").resolve(ObjectNames.hostName(index) + ".log");
    }

    Path terminationLog(int index) {
        return host(index).outputDir().resolve("termination-log");
    }

    /** The newest complete checkpoint left by an earlier run (partial ones carry a temporary name). */
    Optional<String> newestCheckpoint() throws IOException {
        if (!Files.isDirectory(checkpoints())) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(checkpoints())) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> COMPLETE_CHECKPOINT.matcher(name).matches())
                    .max(Comparator.naturalOrder());
        }
    }

    /** Writes host {@code index}'s config and links its channels and checkpoints; clears an earlier run's output. */
    MlRoot prepareHost(
            int index,
            ImageClassificationJobSpec spec,
            Map<ChannelName, Path> channels,
            ResourceConfigFile resourceConfig)
            throws IOException {
        MlRoot root = host(index);
        HyperParametersFile.write(root.hyperParametersFile(), spec.getHyperParameters());
        InputDataConfigFile.of(spec.getInputDataConfig()).write(root.inputDataConfigFile());
        resourceConfig.write(root.resourceConfigFile());
        Files.createDirectories(root.dataDir());
        for (Map.Entry<ChannelName, Path> channel : channels.entrySet()) {
            link(root.channelDir(channel.getKey()), channel.getValue());
        }
        Files.createDirectories(checkpoints());
        link(root.checkpointsDir(), checkpoints());
        Files.createDirectories(root.modelDir());
        deleteRecursively(root.outputDir());
        Files.createDirectories(root.outputDir());
        Files.createDirectories(logFile(index).getParent());
        return root;
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, target.toAbsolutePath());
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(folder)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
