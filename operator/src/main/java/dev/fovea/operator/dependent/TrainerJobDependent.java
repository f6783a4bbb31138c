package dev.fovea.operator.dependent;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Indexed batch Job {@code <job>} that runs the gang: one pod per host, pod k is host k, each named
 * {@code <job>-k} under the hosts Service. {@code backoffLimit} is 0 because a lost host breaks the whole gang: the
 * operator restarts the whole gang itself ({@code lifecycle/JobLifecycle}, from the newest checkpoint).
 *
 * <p>Suspension works both ways, as for a plain batch Job: {@code spec.suspend} suspends it, and a Job queued by Kueue
 * (label {@value #KUEUE_QUEUE_LABEL}, copied from the job with {@value #KUEUE_PRIORITY_CLASS_LABEL}) is created
 * suspended and then left to Kueue to admit, preempt and admit again.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ObjectNames.MANAGED_BY_SELECTOR))
public class TrainerJobDependent extends CRUDKubernetesDependentResource<Job, ImageClassificationJob> {

    public static final String KUEUE_QUEUE_LABEL = ObjectNames.KUEUE_QUEUE_LABEL;
    public static final String KUEUE_PRIORITY_CLASS_LABEL = ObjectNames.KUEUE_PRIORITY_CLASS_LABEL;
    /** The hash of the spec the Job was built from, to refuse changes that cannot apply to a running gang. */
    public static final String SPEC_HASH_ANNOTATION = "fovea.dev/spec-hash";

    @Override
    protected Job desired(ImageClassificationJob job, Context<ImageClassificationJob> context) {
        GangSettings settings = GangSettings.from(context);
        String name = job.getMetadata().getName();
        int hosts = job.getSpec().hostCount();
        Map<String, String> labels = new HashMap<>(ObjectNames.labels(name));
        for (String kueueLabel : List.of(KUEUE_QUEUE_LABEL, KUEUE_PRIORITY_CLASS_LABEL)) {
            label(job, kueueLabel).ifPresent(value -> labels.put(kueueLabel, value));
        }
        return new JobBuilder()
                .withNewMetadata()
                .withName(ObjectNames.trainerJob(name))
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(Map.of(SPEC_HASH_ANNOTATION, settings.specHash()))
                .endMetadata()
                .withNewSpec()
                .withCompletionMode("Indexed")
                .withCompletions(hosts)
                .withParallelism(hosts)
                .withBackoffLimit(0)
                .withSuspend(suspend(job, context))
                .withTemplate(TrainerPodTemplate.build(job, settings))
                .endSpec()
                .build();
    }

    private static boolean suspend(ImageClassificationJob job, Context<ImageClassificationJob> context) {
        if (job.getSpec().isSuspended()) {
            return true;
        }
        if (queueName(job).isEmpty()) {
            return false;
        }
        // Kueue admits a queued Job by unsuspending it and preempts it by suspending it again: create it suspended,
        // then keep whatever Kueue set last. Read from the API server, not the cache: a cached copy that has not yet
        // seen a preemption would have the apply unsuspend the Job, admitting it behind Kueue's back.
        Job live = context.getClient()
                .batch()
                .v1()
                .jobs()
                .inNamespace(job.getMetadata().getNamespace())
                .withName(ObjectNames.trainerJob(job.getMetadata().getName()))
                .get();
        return live == null || Boolean.TRUE.equals(live.getSpec().getSuspend());
    }

    public static Optional<String> queueName(ImageClassificationJob job) {
        return label(job, KUEUE_QUEUE_LABEL);
    }

    private static Optional<String> label(ImageClassificationJob job, String key) {
        Map<String, String> labels = job.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(key));
    }
}
