package dev.fovea.operator;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.hyperparameters.HyperParameterDefaults;
import dev.fovea.api.status.ImageClassificationJobStatus;
import dev.fovea.operator.dependent.ConfigDependent;
import dev.fovea.operator.dependent.ExchangePolicyDependent;
import dev.fovea.operator.dependent.GangSettings;
import dev.fovea.operator.dependent.HostsServiceDependent;
import dev.fovea.operator.dependent.TokenSecretDependent;
import dev.fovea.operator.dependent.TrainerJobDependent;
import dev.fovea.operator.dependent.VolcanoPodGroup;
import dev.fovea.operator.lifecycle.Admission;
import dev.fovea.operator.lifecycle.JobLifecycle;
import dev.fovea.operator.lifecycle.SpecChangeGuard;
import dev.fovea.operator.lifecycle.TtlPolicy;
import dev.fovea.operator.metrics.OperatorMetrics;
import dev.fovea.operator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads like the job's life: defaults → validate → lifecycle (observe, decide, restart/stop) → dependents → status.
 * A bad spec becomes a Failed condition and an event, never a retry loop.
 */
@ControllerConfiguration(name = ImageClassificationJobReconciler.NAME)
@Workflow(
        explicitInvocation = true,
        dependents = {
            @Dependent(name = "config", type = ConfigDependent.class),
            @Dependent(name = "token", type = TokenSecretDependent.class),
            @Dependent(name = "hosts", type = HostsServiceDependent.class),
            @Dependent(name = "exchange-policy", type = ExchangePolicyDependent.class),
            @Dependent(
                    name = "trainer-job",
                    type = TrainerJobDependent.class,
                    dependsOn = {"config", "token", "hosts"})
        })
// Beyond the dependents' types, which QOSDK grants itself: what the lifecycle, events and leader election use.
@RBACRule(
        apiGroups = "",
        resources = "pods",
        verbs = {"get", "list", "watch", "patch", "deletecollection"})
@RBACRule(apiGroups = "", resources = "events", verbs = "create")
@RBACRule(
        apiGroups = "scheduling.volcano.sh",
        resources = "podgroups",
        verbs = {"get", "create", "update"})
@RBACRule(
        apiGroups = "coordination.k8s.io",
        resources = "leases",
        verbs = {"get", "create", "update"})
public class ImageClassificationJobReconciler implements Reconciler<ImageClassificationJob> {

    public static final String NAME = "imageclassificationjob";
    private final StatusRecorder recorder;
    private final JobLifecycle lifecycle;
    private final OperatorMetrics metrics;
    private final OperatorConfig config;

    public ImageClassificationJobReconciler(
            StatusRecorder recorder, JobLifecycle lifecycle, OperatorMetrics metrics, OperatorConfig config) {
        this.recorder = recorder;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.config = config;
    }

    @Override
    public List<EventSource<?, ImageClassificationJob>> prepareEventSources(
            EventSourceContext<ImageClassificationJob> context) {
        metrics.watchPhases(() -> context.getPrimaryCache().list());
        var pods = InformerEventSourceConfiguration.from(Pod.class, ImageClassificationJob.class)
                .withLabelSelector(ObjectNames.MANAGED_BY_LABEL + "=" + ObjectNames.MANAGED_BY_VALUE)
                .withSecondaryToPrimaryMapper(pod -> Optional.ofNullable(
                                pod.getMetadata().getLabels())
                        .map(labels -> labels.get(ObjectNames.JOB_NAME_LABEL))
                        .map(job -> Set.of(new ResourceID(job, pod.getMetadata().getNamespace())))
                        .orElse(Set.of()))
                .build();
        return List.of(new InformerEventSource<>(pods, context));
    }

    @Override
    public UpdateControl<ImageClassificationJob> reconcile(
            ImageClassificationJob job, Context<ImageClassificationJob> context) {
        return metrics.reconcileTimer().record(() -> reconcileTimed(job, context));
    }

    private UpdateControl<ImageClassificationJob> reconcileTimed(
            ImageClassificationJob job, Context<ImageClassificationJob> context) {
        ImageClassificationJobStatus status = StatusRecorder.copyOf(job);
        long generation = job.getMetadata().getGeneration();
        if (!Admission.admit(job, status, generation)) {
            recorder.record(job, status, context);
            return UpdateControl.noUpdate();
        }
        if (status.getPhase().isFinished()) {
            return afterFinish(job, status, context);
        }
        status.setTotalEpochs(HyperParameterDefaults.applyTo(job.getSpec().getHyperParameters())
                .getEpochs());
        String specHash = SpecChangeGuard.hash(job.getSpec());
        Optional<String> refusal = SpecChangeGuard.refusal(context.getSecondaryResource(Job.class), specHash);
        SpecChangeGuard.record(refusal, status, generation);
        JobLifecycle.Step step = lifecycle.advance(job, status, context);
        if (step.reconcileDependents() && refusal.isEmpty()) {
            if (VolcanoPodGroup.isWanted(job)) {
                VolcanoPodGroup.apply(context.getClient(), job);
            }
            new GangSettings(
                            trainerImage(job),
                            config.s3FetchImage(),
                            config.trainerServiceAccount().orElse(null),
                            status.getRestarts(),
                            specHash)
                    .putInto(context);
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        }
        recorder.record(job, status, context);
        if (status.getPhase().isFinished()) {
            return ttlControl(job, status, context);
        }
        return step.recheckAfter() == null
                ? UpdateControl.noUpdate()
                : UpdateControl.<ImageClassificationJob>noUpdate().rescheduleAfter(step.recheckAfter());
    }

    /** A finished job keeps its status; with ttlSecondsAfterFinished it is deleted (its objects follow by owner). */
    private UpdateControl<ImageClassificationJob> afterFinish(
            ImageClassificationJob job, ImageClassificationJobStatus status, Context<ImageClassificationJob> context) {
        recorder.record(job, status, context);
        return ttlControl(job, status, context);
    }

    private UpdateControl<ImageClassificationJob> ttlControl(
            ImageClassificationJob job, ImageClassificationJobStatus status, Context<ImageClassificationJob> context) {
        Instant finishedAt = status.getCompletionTime() == null ? null : Instant.parse(status.getCompletionTime());
        Optional<Duration> left = TtlPolicy.untilDeletion(
                finishedAt,
                job.getSpec().getTtlSecondsAfterFinished() == null
                        ? null
                        : job.getSpec().getTtlSecondsAfterFinished().longValue(),
                Instant.now());
        if (left.isPresent() && !left.get().isPositive()) {
            context.getClient().resource(job).delete();
            return UpdateControl.noUpdate();
        }
        return left.map(d -> UpdateControl.<ImageClassificationJob>noUpdate().rescheduleAfter(d))
                .orElse(UpdateControl.noUpdate());
    }

    private String trainerImage(ImageClassificationJob job) {
        var resources = job.getSpec().getResourceConfig();
        return resources != null && resources.getImage() != null ? resources.getImage() : config.trainerImage();
    }
}
