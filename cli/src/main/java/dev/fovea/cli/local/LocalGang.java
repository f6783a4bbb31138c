package dev.fovea.cli.local;

import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.ExchangeTokens;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.S3Variables;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Starts a job's hosts on loopback: each gets its {@code /opt/ml} tree, the job's exchange token, and a
 * {@code resourceconfig.json} whose {@code host_addresses} become the peers' loopback ports once every host has bound
 * its own ({@link PortRendezvous}) — the same contract a pod gets, with {@code 127.0.0.1:<port>} where the cluster has
 * the Service's DNS names.
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

    /**
     * The started gang, its hosts, and the port rank 0 serves {@code /progress} on, known once every host has reported
     * its ports (empty when a host ended first).
     */
    record Started(
            TrainerGang gang, List<HostProcess> hosts, CompletableFuture<Optional<Integer>> rankZeroObservePort) {

        /** Rank 0's observe port if the rendezvous has completed, else empty: never waits. */
        Optional<Integer> observePortNow() {
            return rankZeroObservePort.isDone() && !rankZeroObservePort.isCompletedExceptionally()
                    ? rankZeroObservePort.join()
                    : Optional.empty();
        }
    }

    /**
     * Starts every host and, in the background, the port rendezvous that tells them where their peers listen; a
     * rendezvous that fails (the hosts never reported their ports) stops the gang.
     */
    Started start(ImageClassificationJobSpec spec, Map<ChannelName, Path> channels) throws IOException {
        LoopbackHosts hosts = LoopbackHosts.of(spec.hostCount());
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
        TrainerGang gang = new TrainerGang(processes);
        CompletableFuture<Optional<Integer>> observePort = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("port-rendezvous").start(() -> {
            try {
                observePort.complete(new PortRendezvous(layout, hosts)
                        .await(processes)
                        .map(all -> all.getFirst().observe()));
            } catch (Exception e) {
                console.println("The hosts did not meet: " + e.getMessage());
                observePort.completeExceptionally(e);
                gang.stopAll();
            }
        });
        return new Started(gang, List.copyOf(processes), observePort);
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
        environment.put(ContainerEnvironment.LISTEN_ADDRESS, LoopbackHosts.ADDRESS);
        environment.put(ContainerEnvironment.OBSERVE_PORT, "0");
        environment.put(ContainerEnvironment.EXCHANGE_TOKEN, token);
        environment.put(
                ContainerEnvironment.TERMINATION_LOG, layout.terminationLog(k).toString());
        environment.put(ContainerEnvironment.OMP_NUM_THREADS, Integer.toString(threadsPerHost));
        environment.put(ContainerEnvironment.STOP_WHEN_STDIN_CLOSES, "1");
        // the credentials are this process's own, which the host inherits
        spec.checkpointS3().ifPresent(s3 -> environment.putAll(S3Variables.checkpoints(s3)));
        Consumer<String> echo = k == 0 ? this::echoMetricLine : line -> {};
        return HostProcess.start(
                hosts.names().get(k),
                GangCommand.trainCommand(layout.crashReport(k)),
                environment,
                layout.logFile(k),
                echo);
    }

    private void echoMetricLine(String line) {
        int at = line.indexOf(METRIC_LINE_PREFIX);
        if (at >= 0) {
            console.println("[" + ObjectNames.hostName(0) + "] " + line.substring(at));
        }
    }
}
