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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local run's work directory: one {@code /opt/ml} tree per host ({@code algo-1}, {@code algo-2}, ...), each with
 * its own config, output and model, the channels linked to the mapped data folders, and one {@code checkpoints/}
 * that every host shares (rank 0 writes it, all hosts resume from it), kept across runs so a rerun resumes. With
 * {@code checkpointConfig.s3} only rank 0 uses the shared folder; every other host keeps its own copy, filled from
 * S3 at start as a pod's emptyDir is (hosts downloading into one folder at once would replace each other's copies).
 */
final class LocalLayout {

    private static final Pattern COMPLETE_CHECKPOINT = Pattern.compile("epoch-\\d+");
    private static final Pattern HOST_LOG = Pattern.compile("algo-\\d+\\.log");

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

    /** Held by the run using this work directory ({@link WorkDirLock}). */
    Path lockFile() {
        return workDir.resolve(".lock");
    }

    /** Written when a run succeeded: rank 0's final progress, so that a second run reports it instead of training. */
    Path finishedFile() {
        return workDir.resolve("finished.json");
    }

    /** Deletes the hosts' logs of an earlier run (crash reports stay); a run's gang restarts append to them. */
    void clearLogs() throws IOException {
        Path logs = Files.createDirectories(logFile(0).getParent());
        try (Stream<Path> entries = Files.list(logs)) {
            for (Path log : entries.filter(entry ->
                            HOST_LOG.matcher(entry.getFileName().toString()).matches())
                    .toList()) {
                Files.delete(log);
            }
        }
    }

    /** Deletes everything an earlier run left (checkpoints, hosts, logs, the finished mark), keeping the lock. */
    void clear() throws IOException {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(workDir)) {
            for (Path entry : entries.filter(entry -> !entry.equals(lockFile())).toList()) {
                deleteRecursively(entry);
            }
        }
    }

    Path checkpoints() {
        return workDir.resolve("checkpoints");
    }

    Path logFile(int index) {
        return workDir.resolve("logs").resolve(ObjectNames.hostName(index) + ".log");
    }

    /** Where host {@code index}'s JVM would write a crash report ({@code %p} is its pid), beside its log. */
    Path crashReport(int index) {
        return workDir.resolve("logs").resolve("hs_err_" + ObjectNames.hostName(index) + "_pid%p.log");
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
        if (index > 0 && spec.checkpointS3().isPresent()) {
            ownFolder(root.checkpointsDir());
        } else {
            Files.createDirectories(checkpoints());
            if (!Files.isSymbolicLink(root.checkpointsDir())) {
                deleteRecursively(root.checkpointsDir()); // a host's own copy from a run with checkpointConfig.s3
            }
            link(root.checkpointsDir(), checkpoints());
        }
        Files.createDirectories(root.modelDir());
        deleteRecursively(root.outputDir());
        Files.createDirectories(root.outputDir());
        Files.createDirectories(logFile(index).getParent());
        return root;
    }

    private static void ownFolder(Path folder) throws IOException {
        if (Files.isSymbolicLink(folder)) {
            Files.delete(folder);
        }
        Files.createDirectories(folder);
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, target.toAbsolutePath());
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(folder)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
