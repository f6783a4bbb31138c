package dev.fovea.trainer.pretrained;

import static dev.fovea.trainer.pretrained.PretrainedFixtures.GREY_28;
import static dev.fovea.trainer.pretrained.PretrainedFixtures.RESNET20;
import static dev.fovea.trainer.pretrained.PretrainedFixtures.failureLoading;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a PyTorch file can fail to start the network is the user's error, with a message to act on. */
class PyTorchWeightsErrorsTest {

    @TempDir
    Path channel;

    @Test
    void aPyTorchResNetOfAnotherDepthNamesTheDepthItHolds() {
        PretrainedFixtures.copy(RESNET20, channel, RESNET20);

        assertThat(failureLoading(channel, 32, GREY_28))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("resnet20-cifar.pt holds a ResNet-20 (3 stages of [3, 3, 3] basic units)")
                .hasMessageContaining("num_layers is 32 (3 stages of [5, 5, 5] basic units)");
    }

    @Test
    void weightsForGreyImagesOnAnRgbJobNameBothChannelCounts() {
        PretrainedFixtures.copy(RESNET20, channel, RESNET20);

        assertThat(failureLoading(channel, 20, new Shape(3, 28, 28)))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("trained on 1-channel images but image_shape has 3 channels");
    }

    @Test
    void aFileThatIsNotAZipIsNotAPyTorchFile() throws IOException {
        Files.writeString(channel.resolve("model.pt"), "not a model\n");

        assertThat(failureLoading(channel, 20, GREY_28))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("model.pt is not a TorchScript or PyTorch .pt file")
                .hasMessageContaining("not a zip archive")
                .hasMessageContaining("torch.jit.script(net).save");
    }

    @Test
    void aZipWithoutAPickleIsNotAPyTorchFile() {
        PretrainedFixtures.zip(channel.resolve("model.pt"), Map.of("model/weights.bin", new byte[16]));

        assertThat(failureLoading(channel, 20, GREY_28))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("model.pt is not a TorchScript or PyTorch .pt file")
                .hasMessageContaining("the archive has no <name>/data.pkl");
    }

    @Test
    void twoPyTorchFilesInTheChannelAreAmbiguous() {
        PretrainedFixtures.copy(RESNET20, channel, "a.pt");
        PretrainedFixtures.copy(RESNET20, channel, "b.pth");

        assertThat(failureLoading(channel, 20, GREY_28))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("several PyTorch files [a.pt, b.pth]; leave exactly one");
    }
}
