package dev.fovea.cli.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The job's hosts as child processes, treated as one gang: it succeeds when every host exits 0, and the first host
 * that fails stops the others (as a gang restart would in the cluster).
 */
final class TrainerGang {

    /** How the gang ended: {@code failedHost} is null when every host exited 0. */
    record Outcome(int exitCode, HostProcess failedHost) {

        boolean succeeded() {
            return failedHost == null;
        }
    }

    private final List<HostProcess> hosts;

    TrainerGang(List<HostProcess> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    /** Waits until all hosts exit 0, or until one fails; then the others are stopped. */
    Outcome await() throws InterruptedException {
        List<HostProcess> running = new ArrayList<>(hosts);
        while (!running.isEmpty()) {
            HostProcess exited = firstToExit(running);
            running.remove(exited);
            int code = exited.waitFor();
            if (code != 0) {
                stopAll();
                return new Outcome(code, exited);
            }
        }
        return new Outcome(0, null);
    }

    /** Stops every host that is still running, all at once so that none waits for a peer that is already gone. */
    void stopAll() {
        hosts.parallelStream().forEach(HostProcess::stop);
    }

    private static HostProcess firstToExit(List<HostProcess> running) throws InterruptedException {
        CompletableFuture<?>[] exits = running.stream()
                .map(host -> host.process().onExit().thenApply(process -> host))
                .toArray(CompletableFuture[]::new);
        try {
            return (HostProcess) CompletableFuture.anyOf(exits).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for a trainer process failed", e.getCause());
        }
    }
}
