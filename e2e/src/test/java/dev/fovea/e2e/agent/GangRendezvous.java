package dev.fovea.e2e.agent;

import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ContractException;
import dev.fovea.api.contract.ListeningPorts;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.ResourceConfigFile;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What cluster DNS and fixed ports give a real gang, on one machine: every trainer pod binds free ports and reports
 * them ({@link ListeningPorts}); once every host of a Job has, the agent rewrites each pod's
 * {@code resourceconfig.json} with the peers' exchange ports ({@link ResourceConfigFile}'s rendezvous). No port is
 * picked for a trainer to bind later, so no other process can take it in between.
 */
final class GangRendezvous implements AutoCloseable {

    /** A trainer pod waiting for its gang: where it reports its ports and where it reads its peers'. */
    private record Member(String jobUid, int index, int hostCount, Path portsFile, Path resourceConfig) {}

    private final Map<String, Member> waiting = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Integer>> exchangePorts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().factory());

    GangRendezvous() {
        poller.scheduleWithFixedDelay(this::poll, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Adds a Job's pod, given its container's mounts; pods without the trainer's layout are ignored. */
    void join(Pod pod, String jobUid, int index, int hostCount, List<PodMount> mounts) {
        Optional<Path> output = sourceOf(mounts, MlRoot.DEFAULT.outputDir());
        Optional<Path> resourceConfig = sourceOf(mounts, MlRoot.DEFAULT.resourceConfigFile());
        if (output.isEmpty() || resourceConfig.isEmpty()) {
            return;
        }
        exchangePorts.computeIfAbsent(jobUid, any -> new ConcurrentHashMap<>()).remove(index);
        waiting.put(
                pod.getMetadata().getUid(),
                new Member(
                        jobUid,
                        index,
                        hostCount,
                        output.get().resolve(ListeningPorts.FILE_NAME),
                        resourceConfig.get()));
    }

    /** Forgets a pod that ended. */
    void leave(Pod pod) {
        waiting.remove(pod.getMetadata().getUid());
    }

    private void poll() {
        try {
            for (Member member : waiting.values()) {
                ListeningPorts.read(member.portsFile())
                        .filter(ports -> ports.completeFor(member.hostCount()))
                        .ifPresent(ports -> exchangePorts
                                .computeIfAbsent(member.jobUid(), any -> new ConcurrentHashMap<>())
                                .put(member.index(), ports.exchange() == null ? 0 : ports.exchange()));
            }
            waiting.entrySet().removeIf(entry -> publishedTo(entry.getValue()));
        } catch (IOException | RuntimeException e) {
            System.err.println("local node agent: port rendezvous: " + e);
        }
    }

    /** Writes the gang's ports into the member's resourceconfig.json once every host has reported; true when done. */
    private boolean publishedTo(Member member) {
        Map<Integer, Integer> known = exchangePorts.getOrDefault(member.jobUid(), Map.of());
        if (known.size() < member.hostCount()) {
            return false;
        }
        if (member.hostCount() == 1) {
            return true;
        }
        Map<String, Integer> byHost = known.entrySet().stream()
                .collect(Collectors.toMap(entry -> ObjectNames.hostName(entry.getKey()), Map.Entry::getValue));
        if (!Files.exists(member.resourceConfig())) {
            return true; // the pod is gone
        }
        try {
            ResourceConfigFile config = ResourceConfigFile.read(member.resourceConfig());
            // in place, not renamed over: a container runtime bind-mounts the file itself
            Files.writeString(
                    member.resourceConfig(), config.withExchangePorts(byHost).toJson(), StandardCharsets.UTF_8);
            return true;
        } catch (IOException | ContractException e) {
            throw new IllegalStateException(
                    "cannot publish the ports of job " + member.jobUid() + " to " + member.resourceConfig() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static Optional<Path> sourceOf(List<PodMount> mounts, Path target) {
        return mounts.stream()
                .filter(mount -> Path.of(mount.target()).equals(target))
                .map(PodMount::source)
                .findFirst();
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
