package dev.fovea.operator.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.ImageClassificationEndpointSpec;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.ModelSource;
import dev.fovea.api.spec.OutputDataConfig;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.S3Source;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ImageClassificationJobStatus;
import dev.fovea.api.status.JobPhase;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelResolverTest {

    private static final ImageClassificationEndpoint ENDPOINT = new ImageClassificationEndpoint(
            "ns", "digits", new ImageClassificationEndpointSpec(ModelSource.fromJob("mnist")));

    @Test
    void aSucceededJobWithAPvcOutputIsServedFromThatDirectory() {
        OutputDataConfig output = new OutputDataConfig();
        output.setPersistentVolumeClaim(new PersistentVolumeClaimSource("models", "mnist"));

        ResolvedModel model = resolved(job("uid-1", JobPhase.Succeeded, output, null));

        assertThat(model.claim().getClaimName()).isEqualTo("models");
        assertThat(model.s3()).isNull();
        assertThat(model.served().getUri()).isEqualTo("pvc://models/mnist");
        assertThat(model.served().getJobName()).isEqualTo("mnist");
        assertThat(model.served().getValidationAccuracy()).isEqualTo(0.97);
    }

    @Test
    void aSucceededJobWithAnS3OutputIsServedFromItsArtifactWithItsSecret() {
        OutputDataConfig output = new OutputDataConfig();
        output.setS3(new S3Source("s3://models/out", "creds"));
        output.getS3().setRegion("eu-west-1");

        ResolvedModel model =
                resolved(job("uid-1", JobPhase.Succeeded, output, "s3://models/out/mnist/output/model.tar.gz"));

        assertThat(model.s3().getUri()).isEqualTo("s3://models/out/mnist/output/model.tar.gz");
        assertThat(model.s3().getSecretRef()).isEqualTo("creds");
        assertThat(model.s3().getRegion()).isEqualTo("eu-west-1");
    }

    @Test
    void theSameJobNameRetrainedIsAnotherModel() {
        OutputDataConfig output = new OutputDataConfig();
        output.setPersistentVolumeClaim(new PersistentVolumeClaimSource("models", "mnist"));

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
