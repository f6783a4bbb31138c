package dev.fovea.trainer.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.ClientError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyTorchArchiveTest {

    @TempDir
    Path tmp;

    private Path fixture(String name) {
        return PretrainedFixtures.copy(name, tmp, name);
    }

    @Test
    void aWholePickledModuleIsNamedAsItsStateDict() {
        try (PyTorchArchive archive = PyTorchArchive.open(fixture("tiny-module.pt"))) {
            assertThat(archive.isTorchScript()).isFalse();
            assertThat(archive.tensors().keySet())
                    .contains(
                            "conv1.weight",
                            "bn1.running_mean",
                            "layer1.0.conv2.weight",
                            "layer1.0.bn2.num_batches_tracked")
                    .as("conv1, bn1 (weight, bias, mean, variance, step count), two of each in the unit")
                    .hasSize(1 + 5 + 2 * (1 + 5));
            TorchTensor variance = archive.tensors().get("layer1.0.bn2.running_var");
            assertThat(archive.values("layer1.0.bn2.running_var", variance)).containsExactly(0.5f, 2f);
        }
    }

    @Test
    void bigEndianTensorsAreRefusedByName() {
        byte[] emptyDictionary = {(byte) 0x80, 2, '}', '.'};
        Path file = PretrainedFixtures.zip(
                tmp.resolve("model.pt"),
                Map.of(
                        "model/data.pkl",
                        emptyDictionary,
                        "model/byteorder",
                        "big".getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> PyTorchArchive.open(file))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("model.pt stores its tensors big-endian");
    }

    @Test
    void aTorchScriptModuleListsItsParametersAndBuffers() {
        try (PyTorchArchive archive = PyTorchArchive.open(fixture("resnet20-cifar.pt"))) {
            assertThat(archive.isTorchScript()).isTrue();
            // conv1 + bn1 (4 + step count), 9 units of two convolutions and two BatchNorms, fc weight and bias
            assertThat(archive.tensors()).hasSize(6 + 9 * 12 + 2);
            TorchTensor stem = archive.tensors().get("conv1.weight");
            assertThat(stem.type()).isEqualTo(StorageType.FLOAT);
            assertThat(stem.shape()).containsExactly(16, 1, 3, 3);
        }
    }
}
