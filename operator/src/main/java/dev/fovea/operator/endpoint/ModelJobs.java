package dev.fovea.operator.endpoint;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ImageClassificationJob;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The jobs endpoints serve models of ({@code spec.model.fromJob}): an informer on ImageClassificationJobs that
 * reconciles every endpoint naming a job when that job changes — it finishes, is retrained or deleted — so the
 * endpoint picks up the model, or shows why there is none, without polling.
 */
public final class ModelJobs {

    public static final String EVENT_SOURCE = "model-jobs";
    private static final String BY_JOB = "endpoints-by-job";

    private ModelJobs() {}

    public static InformerEventSource<ImageClassificationJob, ImageClassificationEndpoint> eventSource(
            EventSourceContext<ImageClassificationEndpoint> context) {
        context.getPrimaryCache()
                .addIndexer(
                        BY_JOB,
                        endpoint -> Optional.ofNullable(jobOf(endpoint))
                                .map(job ->
                                        List.of(key(job, endpoint.getMetadata().getNamespace())))
                                .orElse(List.of()));
        var configuration = InformerEventSourceConfiguration.from(
                        ImageClassificationJob.class, ImageClassificationEndpoint.class)
                .withName(EVENT_SOURCE)
                .withSecondaryToPrimaryMapper(job -> context
                        .getPrimaryCache()
                        .byIndex(
                                BY_JOB,
                                key(
                                        job.getMetadata().getName(),
                                        job.getMetadata().getNamespace()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper(endpoint -> Optional.ofNullable(
                                jobOf((ImageClassificationEndpoint) endpoint))
                        .map(job -> Set.of(
                                new ResourceID(job, endpoint.getMetadata().getNamespace())))
                        .orElse(Set.of()))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /** The job the endpoint names, from the informer's cache; empty when it names none or the job does not exist. */
    public static Optional<ImageClassificationJob> of(
            ImageClassificationEndpoint endpoint, Context<ImageClassificationEndpoint> context) {
        return jobOf(endpoint) == null
                ? Optional.empty()
                : context.getSecondaryResource(ImageClassificationJob.class, EVENT_SOURCE);
    }

    private static String jobOf(ImageClassificationEndpoint endpoint) {
        return endpoint.getSpec() == null || endpoint.getSpec().getModel() == null
                ? null
                : endpoint.getSpec().getModel().getFromJob();
    }

    private static String key(String job, String namespace) {
        return namespace + "/" + job;
    }
}
