package dev.fovea.cli;

import dev.fovea.api.contract.ExitCodes;
import dev.fovea.cli.local.LocalRun;
import dev.fovea.cli.local.VolumeMapper;
import dev.fovea.trainer.ClientError;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fovea run -f job.yaml}: local mode. Runs the job's hosts as processes on this machine with the same
 * contract and exchange as in a cluster, restarting the gang after a host failure up to {@code backoffLimit} times;
 * Ctrl-C stops them and keeps the newest checkpoint for the next run. One run per work directory (it is locked); a
 * finished job is reported, {@code --fresh} starts over.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Runs an ImageClassificationJob manifest on this machine, without a cluster.")
public final class RunCommand implements Callable<Integer> {

    @Option(
            names = {"-f", "--filename"},
            required = true,
            description = "The job manifest (YAML or JSON).")
    Path manifest;

    @Option(
            names = "--work-dir",
            description = "Where the hosts' /opt/ml trees, checkpoints and logs go. Default: .fovea/<job name>.")
    Path workDir;

    @Option(
            names = "--volume",
            paramLabel = "CLAIM=PATH",
            description = "A local folder for a PersistentVolumeClaim. Default: <manifest folder>/volumes/<claim>.")
    List<String> volumes = List.of();

    @Option(
            names = "--fresh",
            description = "Start over: delete the checkpoints, logs and results an earlier run left in the work "
                    + "directory. Without it a run resumes from the newest checkpoint, and a finished job is reported.")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
        try {
            Map<String, Path> mapped = new HashMap<>();
            volumes.stream()
                    .map(VolumeMapper::parseOverride)
                    .forEach(entry -> mapped.put(entry.getKey(), entry.getValue()));
            return new LocalRun(manifest, workDir, mapped, fresh, System.out, System.err).run();
        } catch (ClientError e) {
            System.err.println("ClientError: " + e.getMessage());
            return ExitCodes.CLIENT_ERROR;
        }
    }
}
