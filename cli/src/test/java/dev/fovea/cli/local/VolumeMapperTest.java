package dev.fovea.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.ClientError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeMapperTest {

    @TempDir
    Path manifestDir;

    @Test
    void aClaimIsTheVolumesFolderBesideTheManifest() {
        VolumeMapper mapper = new VolumeMapper(manifestDir, Map.of());

        assertThat(mapper.resolve("mnist-data", "recordio/train"))
                .isEqualTo(manifestDir.resolve("volumes/mnist-data/recordio/train"));
        assertThat(mapper.resolve("mnist-data", null)).isEqualTo(manifestDir.resolve("volumes/mnist-data"));
    }

    @Test
    void aVolumeOptionReplacesTheClaimsFolder(@TempDir Path elsewhere) {
        VolumeMapper mapper =
                new VolumeMapper(manifestDir, Map.ofEntries(VolumeMapper.parseOverride("mnist-data=" + elsewhere)));

        assertThat(mapper.resolve("mnist-data", "recordio/train")).isEqualTo(elsewhere.resolve("recordio/train"));
        assertThat(mapper.resolve("other", "x")).isEqualTo(manifestDir.resolve("volumes/other/x"));
    }

    @Test
    void aSubPathMayNotLeaveTheVolume() {
        VolumeMapper mapper = new VolumeMapper(manifestDir, Map.of());

        assertThatThrownBy(() -> mapper.resolve("mnist-data", "../../etc"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("'../../etc'")
                .hasMessageContaining("mnist-data");
    }

    @Test
    void aMissingFolderNamesTheChannelTheClaimAndTheFlagThatFixesIt() throws Exception {
        VolumeMapper mapper = new VolumeMapper(manifestDir, Map.of());
        Files.createDirectories(manifestDir.resolve("volumes/mnist-data/recordio/train"));

        assertThat(mapper.resolveExisting("train", "mnist-data", "recordio/train"))
                .isDirectory();
        assertThatThrownBy(() -> mapper.resolveExisting("validation", "mnist-data", "recordio/validation"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("channel 'validation'")
                .hasMessageContaining("recordio/validation")
                .hasMessageContaining("--volume mnist-data=");
    }

    @Test
    void aMalformedVolumeOptionSaysWhatItShouldLookLike() {
        assertThatThrownBy(() -> VolumeMapper.parseOverride("mnist-data"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("<claim>=<path>");
        assertThatThrownBy(() -> VolumeMapper.parseOverride("=/data")).isInstanceOf(ClientError.class);
    }
}
