package dev.fovea.operator.endpoint;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.ModelSource;
import dev.fovea.api.spec.OutputDataConfig;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ImageClassificationEndpointStatus;
import dev.fovea.api.status.ImageClassificationJobStatus;
import dev.fovea.api.status.JobPhase;
import java.util.Optional;

/**
 * Finds where an endpoint's model is. {@code s3} and {@code persistentVolumeClaim} name it directly; {@code fromJob}
 * is where that job, once Succeeded, wrote it: its {@code spec.outputDataConfig} — the {@code model.tar.gz} it
 * uploaded to S3 ({@code status.modelArtifact}), or the directory of the claim its {@code /opt/ml/model} was. A job
 * deleted after the endpoint resolved its model (its TTL, or by hand) leaves the model where it was — the S3 object,
 * or the user's claim, which the job never owned — so the endpoint keeps serving it from its {@code status.model}.
 */
public final class ModelResolver {

    private ModelResolver() {}

    /**
     * @param job the job {@code spec.model.fromJob} names, as the operator's cache has it; empty when there is none
     *     (or the model does not come from a job)
     */
    public static ModelResolution resolve(ImageClassificationEndpoint endpoint, Optional<ImageClassificationJob> job) {
        ModelSource source = endpoint.getSpec().getModel();
        if (source.getS3() != null) {
            return new ModelResolution.Resolved(
                    ResolvedModel.ofS3(source.getS3(), source.getS3().getUri(), null, null, ""));
        }
        if (source.getPersistentVolumeClaim() != null) {
            return new ModelResolution.Resolved(
                    ResolvedModel.ofClaim(source.getPersistentVolumeClaim(), null, null, ""));
        }
        String name = source.getFromJob();
        if (job.isEmpty()) {
            return servedBefore(endpoint, name)
                    .<ModelResolution>map(model -> new ModelResolution.Kept(
                            model,
                            ConditionReason.JobDeleted,
                            "spec.model.fromJob: job " + name + " was deleted; still serving its model "
                                    + model.served().getUri() + "; to change the model, name another job or set "
                                    + "spec.model.s3 or spec.model.persistentVolumeClaim"))
                    .orElseGet(() -> new ModelResolution.Unresolved(
                            ConditionReason.JobNotFound,
                            true,
                            "spec.model.fromJob: there is no ImageClassificationJob " + name + " in namespace "
                                    + endpoint.getMetadata().getNamespace()
                                    + "; the endpoint waits for it (create it, or "
                                    + "name an existing job)"));
        }
        return fromFinishedJob(name, job.get());
    }

    /** The model the endpoint's status says it serves, when that came from job {@code name}. */
    private static Optional<ResolvedModel> servedBefore(ImageClassificationEndpoint endpoint, String name) {
        return Optional.ofNullable(endpoint.getStatus())
                .map(ImageClassificationEndpointStatus::getModel)
                .filter(served -> name.equals(served.getJobName()))
                .flatMap(ResolvedModel::servedAgain);
    }

    private static ModelResolution fromFinishedJob(String name, ImageClassificationJob job) {
        ImageClassificationJobStatus status = job.getStatus();
        JobPhase phase = status == null ? null : status.getPhase();
        if (phase == JobPhase.Failed) {
            return new ModelResolution.Unresolved(
                    ConditionReason.JobNotSucceeded,
                    false,
                    "spec.model.fromJob: job " + name + " Failed, so it has no model to serve; name a job that "
                            + "Succeeded, or fix and rerun " + name);
        }
        if (phase != JobPhase.Succeeded) {
            return new ModelResolution.Unresolved(
                    ConditionReason.JobNotSucceeded,
                    true,
                    "spec.model.fromJob: job " + name + " is " + (phase == null ? "not started" : phase)
                            + "; the endpoint serves its model once it Succeeded");
        }
        OutputDataConfig output = job.getSpec().getOutputDataConfig();
        String revision = job.getMetadata().getUid() + "@" + status.getCompletionTime();
        Double accuracy = status.getValidationAccuracy();
        if (output != null && output.getPersistentVolumeClaim() != null) {
            return new ModelResolution.Resolved(
                    ResolvedModel.ofClaim(output.getPersistentVolumeClaim(), name, accuracy, revision));
        }
        String artifact = status.getModelArtifact();
        if (output != null && output.getS3() != null) {
            if (artifact != null && artifact.startsWith("s3://")) {
                return new ModelResolution.Resolved(
                        ResolvedModel.ofS3(output.getS3(), artifact, name, accuracy, revision));
            }
            return new ModelResolution.Unresolved(
                    ConditionReason.JobWroteNoModel,
                    false,
                    "spec.model.fromJob: job " + name + " Succeeded with spec.outputDataConfig.s3 "
                            + output.getS3().getUri() + " but its status.modelArtifact is "
                            + (artifact == null ? "unset" : artifact) + ", not the s3:// URI of an uploaded "
                            + "model.tar.gz (rank 0 reports it once uploaded; its log says why not); train the job "
                            + "again, or set spec.model.s3 to where its model.tar.gz is");
        }
        return new ModelResolution.Unresolved(
                ConditionReason.JobWroteNoModel,
                false,
                "spec.model.fromJob: job " + name + " Succeeded but kept no model: it has no "
                        + "spec.outputDataConfig, so its model stayed on its pods' disks; give the job an "
                        + "outputDataConfig (s3 or persistentVolumeClaim) and train again, or set spec.model.s3 or "
                        + "spec.model.persistentVolumeClaim");
    }
}
