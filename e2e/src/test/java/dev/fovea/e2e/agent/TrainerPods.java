package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.HashMap;
import java.util.Map;

/** What the Job controller would create for index {@code k} of an Indexed Job: pod {@code <job>-<k>}. */
final class TrainerPods {

    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
    /**
     * The Job controller's finalizer on every pod it makes: a deleted pod stays, marked deleting, until the controller
     * has counted how it ended — so its exit code is only ever seen beside its deletion timestamp.
     */
    static final String JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

    private TrainerPods() {}

    static String podName(Job job, int index) {
        return job.getMetadata().getName() + "-" + index;
    }

    static Pod forIndex(Job job, int index) {
        ObjectMeta template = job.getSpec().getTemplate().getMetadata();
        Map<String, String> labels =
                new HashMap<>(template == null || template.getLabels() == null ? Map.of() : template.getLabels());
        labels.put(COMPLETION_INDEX, Integer.toString(index));
        labels.put(JOB_NAME_LABEL, job.getMetadata().getName());
        labels.put(CONTROLLER_UID_LABEL, job.getMetadata().getUid());
        Map<String, String> annotations = new HashMap<>(
                template == null || template.getAnnotations() == null ? Map.of() : template.getAnnotations());
        annotations.put(COMPLETION_INDEX, Integer.toString(index));

        PodSpec spec = new PodBuilder()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build()
                .getSpec();
        spec.setHostname(podName(job, index));
        spec.getContainers()
                .forEach(container -> container
                        .getEnv()
                        .add(new io.fabric8.kubernetes.api.model.EnvVar(
                                "JOB_COMPLETION_INDEX", Integer.toString(index), null)));
        return new PodBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(podName(job, index))
                        .withNamespace(job.getMetadata().getNamespace())
                        .withLabels(labels)
                        .withAnnotations(annotations)
                        .withFinalizers(JOB_TRACKING_FINALIZER)
                        .withOwnerReferences(new OwnerReferenceBuilder()
                                .withApiVersion("batch/v1")
                                .withKind("Job")
                                .withName(job.getMetadata().getName())
                                .withUid(job.getMetadata().getUid())
                                .withController(true)
                                .build())
                        .build())
                .withSpec(spec)
                .build();
    }

    static int index(Pod pod) {
        return Integer.parseInt(pod.getMetadata().getLabels().get(COMPLETION_INDEX));
    }
}
