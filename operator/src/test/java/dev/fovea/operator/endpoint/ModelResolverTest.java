package dev.fovea.operator.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.ImageClassificationEndpointSpec;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.ModelSource;
import dev.fovea.api.spec.OutputDataConfig;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.S3Source;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ImageClassificationEndpointStatus;
import dev.fovea.api.status.ImageClassificationJobStatus;
import dev.fovea.api.status.JobPhase;
import dev.fovea.api.status.ServedModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelResolverTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ImageClassificationEndpoint ENDPOINT = new ImageClassificationEndpoint(
            "ns", "digits", new ImageClassificationEndpointSpec(ModelSource.fromJob("mnist")));

    @Test
    void aSucceededJobWithAPvcOutputIsServedFromThatDirectory() {
        OutputDataConfig output = pvcOutput();

        ResolvedModel model = resolved(job("uid-1", JobPhase.Succeeded, output, null));

        assertThat(model.claim().getClaimName()).isEqualTo("models");
        assertThat(model.s3()).isNull();
        assertThat(model.served().getUri()).isEqualTo("pvc://models/mnist");
        assertThat(model.served().getJobName()).isEqualTo("mnist");
        assertThat(model.served().getValidationAccuracy()).isEqualTo(0.97);
    }

    @Test
    void aSucceededJobWithAnS3OutputIsServedFromItsArtifactWithItsSecret() {
        OutputDataConfig output = s3Output();
        output.getS3().setRegion("eu-west-1");

        ResolvedModel model =
                resolved(job("uid-1", JobPhase.Succeeded, output, "s3://models/out/mnist/output/model.tar.gz"));

        assertThat(model.s3().getUri()).isEqualTo("s3://models/out/mnist/output/model.tar.gz");
        assertThat(model.s3().getSecretRef()).isEqualTo("creds");
        assertThat(model.s3().getRegion()).isEqualTo("eu-west-1");
    }

    @Test
    void theSameJobNameRetrainedIsAnotherModel() {
        OutputDataConfig output = pvcOutput();

        String first = resolved(job("uid-1", JobPhase.Succeeded, output, null)).digest();
        String again = resolved(job("uid-1", JobPhase.Succeeded, output, null)).digest();
        String retrained =
                resolved(job("uid-2", JobPhase.Succeeded, output, null)).digest();

        assertThat(again).isEqualTo(first);
        assertThat(retrained).isNotEqualTo(first);
    }

    @Test
    void aRunningJobIsWaitedForAndAFailedOneIsNot() {
        var running = (ModelResolution.Unresolved)
                ModelResolver.resolve(ENDPOINT, Optional.of(job("u", JobPhase.Running, null, null)));
        var failed = (ModelResolution.Unresolved)
                ModelResolver.resolve(ENDPOINT, Optional.of(job("u", JobPhase.Failed, null, null)));

        assertThat(running.reason()).isEqualTo(ConditionReason.JobNotSucceeded);
        assertThat(running.waiting()).isTrue();
        assertThat(running.message()).contains("mnist is Running");
        assertThat(failed.waiting()).isFalse();
        assertThat(failed.message()).contains("Failed", "name a job that Succeeded");
    }

    @Test
    void aJobWithoutOutputDataConfigKeptNoModel() {
        var unresolved = (ModelResolution.Unresolved)
                ModelResolver.resolve(ENDPOINT, Optional.of(job("u", JobPhase.Succeeded, null, "/opt/ml/model")));

        assertThat(unresolved.reason()).isEqualTo(ConditionReason.JobWroteNoModel);
        assertThat(unresolved.waiting()).isFalse();
        assertThat(unresolved.message()).contains("mnist", "it has no spec.outputDataConfig");
    }

    @Test
    void aJobWithAnS3OutputButNoUploadedArtifactSaysWhichArtifactItHas() {
        OutputDataConfig output = s3Output();

        var unset = (ModelResolution.Unresolved)
                ModelResolver.resolve(ENDPOINT, Optional.of(job("u", JobPhase.Succeeded, output, null)));
        var local = (ModelResolution.Unresolved)
                ModelResolver.resolve(ENDPOINT, Optional.of(job("u", JobPhase.Succeeded, output, "/opt/ml/model")));

        assertThat(unset.reason()).isEqualTo(ConditionReason.JobWroteNoModel);
        assertThat(unset.waiting()).isFalse();
        assertThat(unset.message())
                .contains("spec.outputDataConfig.s3 s3://models/out", "status.modelArtifact is unset")
                .doesNotContain("no spec.outputDataConfig");
        assertThat(local.message()).contains("status.modelArtifact is /opt/ml/model", "set spec.model.s3");
    }

    @Test
    void aDeletedJobWhoseModelIsServedKeepsThatModelExactly() {
        OutputDataConfig output = s3Output();
        output.getS3().setEndpoint("http://minio:9000");
        ResolvedModel before =
                resolved(job("uid-1", JobPhase.Succeeded, output, "s3://models/out/mnist/output/model.tar.gz"));

        var kept = (ModelResolution.Kept) ModelResolver.resolve(servingNow(before), Optional.empty());

        assertThat(kept.reason()).isEqualTo(ConditionReason.JobDeleted);
        assertThat(kept.message())
                .contains("job mnist was deleted", "s3://models/out/mnist/output/model.tar.gz", "name another job");
        assertThat(kept.model().digest()).isEqualTo(before.digest());
        assertThat(kept.model().s3().getUri()).isEqualTo(before.s3().getUri());
        assertThat(kept.model().s3().getSecretRef()).isEqualTo("creds");
        assertThat(kept.model().s3().getEndpoint()).isEqualTo("http://minio:9000");
        assertThat(kept.model().served().getValidationAccuracy()).isEqualTo(0.97);
    }

    @Test
    void aDeletedJobOnAClaimKeepsServingTheClaimDirectory() {
        OutputDataConfig output = pvcOutput();
        ResolvedModel before = resolved(job("uid-1", JobPhase.Succeeded, output, null));

        var kept = (ModelResolution.Kept) ModelResolver.resolve(servingNow(before), Optional.empty());

        assertThat(kept.model().claim().getClaimName()).isEqualTo("models");
        assertThat(kept.model().claim().getSubPath()).isEqualTo("mnist");
        assertThat(kept.model().s3()).isNull();
        assertThat(kept.model().digest()).isEqualTo(before.digest());
    }

    @Test
    void aMissingJobWhoseModelWasNeverServedIsWaitedFor() {
        ServedModel other =
                resolved(job("uid-1", JobPhase.Succeeded, pvcOutput(), null)).served();
        other.setJobName("another-job");
        ImageClassificationEndpoint servingAnotherJob = servingNow(new ResolvedModel(other));
        ServedModel old = new ServedModel("mnist", "pvc://models/mnist", 0.97);

        for (ImageClassificationEndpoint endpoint :
                List.of(ENDPOINT, servingAnotherJob, servingNow(new ResolvedModel(old)))) {
            var missing = (ModelResolution.Unresolved) ModelResolver.resolve(endpoint, Optional.empty());
            assertThat(missing.reason()).isEqualTo(ConditionReason.JobNotFound);
            assertThat(missing.waiting()).isTrue();
            assertThat(missing.message()).contains("no ImageClassificationJob mnist in namespace ns");
        }
    }

    /** The endpoint after it served {@code model}: its status names it. */
    private static ImageClassificationEndpoint servingNow(ResolvedModel model) {
        ImageClassificationEndpoint endpoint = new ImageClassificationEndpoint(
                "ns", "digits", new ImageClassificationEndpointSpec(ModelSource.fromJob("mnist")));
        ImageClassificationEndpointStatus status = new ImageClassificationEndpointStatus();
        status.setModel(JSON.convertValue(model.served(), ServedModel.class));
        endpoint.setStatus(status);
        return endpoint;
    }

    private static OutputDataConfig s3Output() {
        OutputDataConfig output = new OutputDataConfig();
        output.setS3(new S3Source("s3://models/out", "creds"));
        return output;
    }

    private static OutputDataConfig pvcOutput() {
        OutputDataConfig output = new OutputDataConfig();
        output.setPersistentVolumeClaim(new PersistentVolumeClaimSource("models", "mnist"));
        return output;
    }

    private static ResolvedModel resolved(ImageClassificationJob job) {
        return ((ModelResolution.Resolved) ModelResolver.resolve(ENDPOINT, Optional.of(job))).model();
    }

    private static ImageClassificationJob job(String uid, JobPhase phase, OutputDataConfig output, String artifact) {
        ImageClassificationJobSpec spec = new ImageClassificationJobSpec();
        spec.setOutputDataConfig(output);
        ImageClassificationJob job = new ImageClassificationJob("ns", "mnist", spec);
        job.getMetadata().setUid(uid);
        ImageClassificationJobStatus status = new ImageClassificationJobStatus();
        status.setPhase(phase);
        status.setValidationAccuracy(0.97);
        status.setCompletionTime("2026-12-05T03:00:00Z");
        status.setModelArtifact(artifact);
        job.setStatus(status);
        return job;
    }
}
