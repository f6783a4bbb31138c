package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The Job controller's bookkeeping per Job (by uid): whether its pods were started, and how they ended. */
final class JobCounters {

    /** Pods of a Job by outcome. */
    record Tally(int active, int succeeded, int failed) {}

    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private final List<String> createdPods = new CopyOnWriteArrayList<>();

    static boolean hasEnded(Job job) {
        return job.getStatus() != null
                && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream()
                        .anyMatch(condition ->
                                ("Complete".equals(condition.getType()) || "Failed".equals(condition.getType()))
                                        && "True".equals(condition.getStatus()));
    }

    boolean isStarted(Job job) {
        return tallies.containsKey(job.getMetadata().getUid());
    }

    void started(Job job) {
        int hosts = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
        tallies.put(job.getMetadata().getUid(), new Tally(hosts, 0, 0));
    }

    void created(Pod pod) {
        createdPods.add(
                pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
    }

    /**
     * Counts one pod's end; a failed pod is replaced, so it stays active. Null when the Job was forgotten meanwhile
     * (deleted by the operator while its last pods were still exiting).
     */
    Tally ended(Job job, boolean succeeded) {
        return tallies.computeIfPresent(
                job.getMetadata().getUid(),
                (uid, tally) -> succeeded
                        ? new Tally(tally.active() - 1, tally.succeeded() + 1, tally.failed())
                        : new Tally(tally.active(), tally.succeeded(), tally.failed() + 1));
    }

    void forget(Job job) {
        tallies.remove(job.getMetadata().getUid());
    }

    List<String> createdPods() {
        return List.copyOf(createdPods);
    }
}
