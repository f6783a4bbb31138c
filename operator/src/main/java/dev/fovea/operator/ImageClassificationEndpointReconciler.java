package dev.fovea.operator;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.Violation;
import dev.fovea.api.validation.EndpointValidator;
import dev.fovea.operator.endpoint.ModelJobs;
import dev.fovea.operator.endpoint.ModelResolution;
import dev.fovea.operator.endpoint.ModelResolver;
import dev.fovea.operator.endpoint.ResolvedModel;
import dev.fovea.operator.endpoint.ServingAutoscalerDependent;
import dev.fovea.operator.endpoint.ServingDeploymentDependent;
import dev.fovea.operator.endpoint.ServingDisruptionBudgetDependent;
import dev.fovea.operator.endpoint.ServingServiceDependent;
import dev.fovea.operator.endpoint.ServingSettings;
import dev.fovea.operator.status.DeploymentRollout;
import dev.fovea.operator.status.EndpointStatusDraft;
import dev.fovea.operator.status.EndpointStatusRecorder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import java.time.Clock;
import java.util.List;

/**
 * Reads like an endpoint's life: validate the spec → resolve the model (a finished job's output, S3 or a PVC) → the
 * serving objects (Deployment, Service, PodDisruptionBudget, HorizontalPodAutoscaler when asked) → status from the
 * Deployment's rollout (whether its pods run the resolved model, and how many are ready). A bad spec or a model that cannot be found becomes a condition that says what to do,
 * never a retry loop, and leaves what is serving alone.
 */
@ControllerConfiguration(name = ImageClassificationEndpointReconciler.NAME)
@Workflow(
        explicitInvocation = true,
        dependents = {
            @Dependent(name = "deployment", type = ServingDeploymentDependent.class),
            @Dependent(name = "service", type = ServingServiceDependent.class),
            @Dependent(name = "disruption-budget", type = ServingDisruptionBudgetDependent.class),
            @Dependent(
                    name = "autoscaler",
                    type = ServingAutoscalerDependent.class,
                    reconcilePrecondition = ServingAutoscalerDependent.Wanted.class,
                    dependsOn = "deployment")
        })
// Beyond the dependents' types, which QOSDK grants itself: the jobs whose models are served, and events.
@RBACRule(
        apiGroups = ImageClassificationJob.GROUP,
        resources = ImageClassificationJob.PLURAL,
        verbs = {"get", "list", "watch"})
@RBACRule(apiGroups = "", resources = "events", verbs = "create")
public class ImageClassificationEndpointReconciler implements Reconciler<ImageClassificationEndpoint> {

    public static final String NAME = "imageclassificationendpoint";
    private final EndpointStatusRecorder recorder;
    private final OperatorConfig config;
    private final Clock clock;

    public ImageClassificationEndpointReconciler(EndpointStatusRecorder recorder, OperatorConfig config, Clock clock) {
        this.recorder = recorder;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, ImageClassificationEndpoint>> prepareEventSources(
            EventSourceContext<ImageClassificationEndpoint> context) {
        return List.of(ModelJobs.eventSource(context));
    }

    @Override
    public UpdateControl<ImageClassificationEndpoint> reconcile(
            ImageClassificationEndpoint endpoint, Context<ImageClassificationEndpoint> context) {
        EndpointStatusDraft status = EndpointStatusDraft.of(endpoint, clock);
        List<Violation> violations = EndpointValidator.validate(endpoint);
        if (!violations.isEmpty()) {
            status.invalidSpec(String.join(
                            "; ", violations.stream().map(Violation::toString).toList())
                    + ". Fix the spec; nothing was rolled out");
        } else {
            switch (ModelResolver.resolve(endpoint, ModelJobs.of(endpoint, context))) {
                case ModelResolution.Resolved resolved -> {
                    status.modelResolved(resolved.model().served());
                    serve(endpoint, resolved.model(), context);
                }
                case ModelResolution.Kept kept -> {
                    status.modelKept(kept.reason(), kept.message());
                    serve(endpoint, kept.model(), context);
                }
                case ModelResolution.Unresolved unresolved ->
                    status.modelUnresolved(unresolved.reason(), unresolved.waiting(), unresolved.message());
            }
        }
        context.getSecondaryResource(Deployment.class)
                .ifPresent(deployment -> status.rollout(DeploymentRollout.of(deployment)));
        recorder.record(endpoint, status, context);
        return UpdateControl.noUpdate();
    }

    private void serve(
            ImageClassificationEndpoint endpoint, ResolvedModel model, Context<ImageClassificationEndpoint> context) {
        ServingSettings.of(endpoint, config, model).putInto(context);
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    }
}
