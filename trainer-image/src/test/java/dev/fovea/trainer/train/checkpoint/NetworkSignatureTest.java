package dev.fovea.trainer.train.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.Optimizer;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.optimizer.TestHyperParameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A checkpoint fits only a job with the same network and optimizer; the first difference is named (CLI-level cases: CheckpointIntegrityTest). */
class NetworkSignatureTest {

    private final ResolvedHyperParameters hp = TestHyperParameters.with(set -> set.setNumLayers(20));

    @Test
    void theSameJobFits() {
        NetworkSignature signature = NetworkSignature.of(hp, NetworkFamily.SAGEMAKER, false);

        assertThat(signature.mismatch(
                        NetworkSignature.of(hp, NetworkFamily.SAGEMAKER, false).values()))
                .isNull();
    }

    /** The torchvision-style network of a torchvision start has other layers than SageMaker's at the same depth. */
    @Test
    void anotherNetworkFamilyDoesNotFit() {
        NetworkSignature torchvisionStyle = NetworkSignature.of(hp, NetworkFamily.TORCHVISION, false);

        assertThat(NetworkSignature.of(hp, NetworkFamily.SAGEMAKER, false).mismatch(torchvisionStyle.values()))
                .isEqualTo("it was written for network " + NetworkFamily.TORCHVISION.id() + "; this job has network "
                        + NetworkFamily.SAGEMAKER.id());
    }

    @Test
    void anotherImageShapeDoesNotFit() {
        ResolvedHyperParameters smaller = TestHyperParameters.with(set -> {
            set.setNumLayers(20);
            set.setImageShape("3,24,24");
        });

        assertThat(NetworkSignature.of(smaller, NetworkFamily.SAGEMAKER, false)
                        .mismatch(NetworkSignature.of(hp, NetworkFamily.SAGEMAKER, false)
                                .values()))
                .startsWith("it was written for imageShape " + hp.imageShape() + "; this job has imageShape 3,24,24");
    }

    @Test
    void anotherOptimizerDoesNotFit() {
        ResolvedHyperParameters adam = TestHyperParameters.with(set -> {
            set.setNumLayers(20);
            set.setOptimizer(Optimizer.ADAM);
        });

        assertThat(NetworkSignature.of(adam, NetworkFamily.SAGEMAKER, false)
                        .mismatch(NetworkSignature.of(hp, NetworkFamily.SAGEMAKER, false)
                                .values()))
                .isEqualTo("it was written for optimizer sgd; this job has optimizer adam");
    }

    @Test
    void optimizerStateOnTheShardServersDoesNotFitAJobThatKeepsItOnEachHost() {
        NetworkSignature onShardServers = NetworkSignature.of(hp, NetworkFamily.SAGEMAKER, true);

        assertThat(NetworkSignature.of(hp, NetworkFamily.SAGEMAKER, false).mismatch(onShardServers.values()))
                .isEqualTo("it was written for optimizerState dist_async shard servers; this job has optimizerState"
                        + " each host");
    }

    @Test
    void aStateWithoutASignatureDoesNotFit() {
        assertThat(NetworkSignature.of(hp, NetworkFamily.SAGEMAKER, false).mismatch(Map.of()))
                .startsWith("it does not say which ");
    }
}
