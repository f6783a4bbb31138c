package dev.fovea.cli.local;

import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.ExchangeTokens;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts a job's hosts on loopback: each gets its {@code /opt/ml} tree, a free exchange and progress port, the job's
 * exchange token, and a {@code resourceconfig.json} whose {@code host_addresses} point at the peers' loopback ports
 * — the same contract a pod gets, with {@code 127.0.0.1:<port>} where the cluster has the Service's DNS names.
 */
final class LocalGang {

    /** Host 0's console echo: SageMaker's metric lines ({@code Epoch[3] Validation-accuracy=0.98}). */
    private static final String METRIC_LINE_PREFIX = "Epoch[";

    private final String jobName;
    private final LocalLayout layout;
    private final PrintStream console;

    LocalGang(String jobName, LocalLayout layout, PrintStream console) {
        this.jobName = jobName;
        this.layout = layout;
        this.console = console;
    }

    /** The started gang and the port rank 0 serves {@code /progress} on. */
    record Started(TrainerGang gang, int rankZeroObservePort) {}

    Started start(ImageClassificationJobSpec spec, Map<ChannelName, Path> channels) throws IOException {
        LoopbackHosts hosts = LoopbackHosts.pick(spec.hostCount());
        String token = ExchangeTokens.newToken();
        int threadsPerHost = Math.max(1, Runtime.getRuntime().availableProcessors() / hosts.count());
        List<HostProcess> processes = new ArrayList<>();
        try {
            for (int k = 0; k < hosts.count(); k++) {
                processes.add(startHost(k, spec, channels, hosts, token, threadsPerHost));
            }
        } catch (IOException | RuntimeException e) {
            new TrainerGang(processes).stopAll();
            throw e;
        }
        return new Started(new TrainerGang(processes), hosts.observePorts().get(0));
    }

    private HostProcess startHost(
            int k,
            ImageClassificationJobSpec spec,
            Map<ChannelName, Path> channels,
            LoopbackHosts hosts,
            String token,
            int threadsPerHost)
            throws IOException {
        MlRoot root = layout.prepareHost(k, spec, channels, hosts.resourceConfig(k));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(ContainerEnvironment.ML_ROOT, root.root().toString());
        environment.put(ContainerEnvironment.JOB_NAME, jobName);
        environment.put(
                ContainerEnvironment.EXCHANGE_PORT,
                Integer.toString(hosts.exchangePorts().get(k)));
        environment.put(ContainerEnvironment.EXCHANGE_TOKEN, token);
        environment.put(
                ContainerEnvironment.OBSERVE_PORT,
                Integer.toString(hosts.observePorts().get(k)));
        environment.put(
                ContainerEnvironment.TERMINATION_LOG, layout.terminationLog(k).toString());
        environment.put(ContainerEnvironment.OMP_NUM_THREADS, Integer.toString(threadsPerHost));
        Consumer<String> echo = k == 0 ? this::echoMetricLine : line -> {};
        return HostProcess.start(
                hosts.names().get(k), GangCommand.trainCommand(), environment, layout.logFile(k), echo);
    }

    private void echoMetricLine(String line) {
        int at = line.indexOf(METRIC_LINE_PREFIX);
        if (at >= 0) {
            console.println("[" + ObjectNames.hostName(0) + "] " + line.substring(at));
        }
    }
}
