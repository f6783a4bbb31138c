package dev.fovea.operator;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.operator.dependent.ConfigDependent;
import dev.fovea.operator.dependent.ExchangePolicyDependent;
import dev.fovea.operator.dependent.GangSettings;
import dev.fovea.operator.dependent.HostsServiceDependent;
import dev.fovea.operator.dependent.TokenSecretDependent;
import dev.fovea.operator.dependent.TrainerJobDependent;
import dev.fovea.operator.dependent.TrainerPods;
import dev.fovea.operator.dependent.VolcanoPodGroup;
import dev.fovea.operator.lifecycle.CatalogueModel;
import dev.fovea.operator.lifecycle.Gang;
import dev.fovea.operator.lifecycle.JobLifecycle;
import dev.fovea.operator.lifecycle.SpecChangeGuard;
import dev.fovea.operator.lifecycle.SpecReview;
import dev.fovea.operator.lifecycle.TtlPolicy;
import dev.fovea.operator.metrics.OperatorMetrics;
import dev.fovea.operator.status.ReconcileErrors;
import dev.fovea.operator.status.StatusDraft;
import dev.fovea.operator.status.StatusRecorder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads like the job's life: defaults → observe the gang → validate the spec against it → lifecycle (decide, restart,
 * stop) and dependents → status. A bad spec becomes a condition and an event, never a retry loop; a reconcile that
 * throws shows its error in the status.
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
    private static final Logger LOG = Logger.getLogger(ImageClassificationJobReconciler.class);
    private final StatusRecorder recorder;
    private final JobLifecycle lifecycle;
    private final OperatorMetrics metrics;
    private final OperatorConfig config;
    private final Clock clock;
    private final CatalogueModel catalogueModel;

    public ImageClassificationJobReconciler(
            StatusRecorder recorder,
            JobLifecycle lifecycle,
            OperatorMetrics metrics,
            OperatorConfig config,
            Clock clock) {
        this.recorder = recorder;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.catalogueModel = CatalogueModel.of(config.pretrainedCatalogue());
    }

    @Override
    public List<EventSource<?, ImageClassificationJob>> prepareEventSources(
            EventSourceContext<ImageClassificationJob> context) {
        metrics.watchPhases(() -> context.getPrimaryCache().list());
        return List.of(TrainerPods.eventSource(context));
    }

    @Override
    public UpdateControl<ImageClassificationJob> reconcile(
            ImageClassificationJob job, Context<ImageClassificationJob> context) {
        return metrics.reconcileTimer().record(() -> reconcileTimed(job, context));
    }

    private UpdateControl<ImageClassificationJob> reconcileTimed(
            ImageClassificationJob job, Context<ImageClassificationJob> context) {
        StatusDraft status = StatusDraft.of(job, clock).acceptIfNew();
        Gang gang = Gang.observe(context, status.attempt());
        String specHash = SpecChangeGuard.hash(job.getSpec());
        ImageClassificationJob inForce = catalogueModel.inForce(job);
        SpecReview.Verdict verdict = SpecReview.review(inForce, gang, specHash, status);
        if (verdict == SpecReview.Verdict.IN_FORCE) {
            catalogueModel.showIn(job, status);
        }
        JobLifecycle.Step step =
                status.phase().isFinished() ? JobLifecycle.Step.DONE : lifecycle.advance(job, gang, status, context);
        if (step.reconcileDependents() && verdict == SpecReview.Verdict.IN_FORCE) {
            reconcileDependents(job, status, specHash, context);
        }
        ReconcileErrors.settle(status);
        recorder.record(job, status, context);
        return status.phase().isFinished() ? deleteAfterTtl(job, status, context) : step.control();
    }

    /** A reconcile threw: its error goes into the status through the same draft and writer; JOSDK retries. */
    @Override
    public ErrorStatusUpdateControl<ImageClassificationJob> updateErrorStatus(
            ImageClassificationJob job, Context<ImageClassificationJob> context, Exception error) {
        // The failed reconcile may have written status before it threw: start from the newest copy, not a stale one.
        ImageClassificationJob latest =
                context.getPrimaryCache().get(ResourceID.fromResource(job)).orElse(job);
        ReconcileErrors.draft(latest, clock, error, context.getRetryInfo()).ifPresent(status -> {
            try {
                recorder.record(latest, status, context);
            } catch (KubernetesClientException writeFailed) {
                LOG.warnf(
                        "Could not show the reconcile error of %s in its status: %s",
                        job.getMetadata().getName(), writeFailed.getMessage());
            }
        });
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private void reconcileDependents(
            ImageClassificationJob job, StatusDraft status, String specHash, Context<ImageClassificationJob> context) {
        if (VolcanoPodGroup.isWanted(job)) {
            VolcanoPodGroup.apply(context.getClient(), job);
        }
        GangSettings.of(job, config, status.attempt(), specHash, catalogueModel).putInto(context);
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    }

    /** A finished job keeps its status; with ttlSecondsAfterFinished it is deleted (its objects follow by owner). */
    private UpdateControl<ImageClassificationJob> deleteAfterTtl(
            ImageClassificationJob job, StatusDraft status, Context<ImageClassificationJob> context) {
        Optional<Duration> left = TtlPolicy.untilDeletion(
                status.completionTime(), job.getSpec().getTtlSecondsAfterFinished(), status.now());
        if (left.isPresent() && !left.get().isPositive()) {
            context.getClient().resource(job).delete();
        }
        return left.filter(Duration::isPositive)
                .map(wait -> UpdateControl.<ImageClassificationJob>noUpdate().rescheduleAfter(wait))
                .orElse(UpdateControl.noUpdate());
    }
}
