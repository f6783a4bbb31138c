package dev.fovea.trainer.data.lst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.pipeline.ImageListSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code .lst} file cannot make the trainer read a file outside its image channel. */
class ListedPathsTest {

    @TempDir
    Path dir;

    @Test
    void pathsThatClimbOutOfTheChannelAreRefusedNamingFileAndLine() throws Exception {
        Path lst = dir.resolve("train.lst");

        Files.writeString(lst, "0\t1\tok.png\n1\t2\t../../etc/passwd\n");
        assertThatThrownBy(() -> LstFile.read(lst))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("train.lst line 2")
                .hasMessageContaining("'../../etc/passwd' leads out of the image channel");

        Files.writeString(lst, "0\t1\t/etc/passwd\n");
        assertThatThrownBy(() -> LstFile.read(lst))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("train.lst line 1")
                .hasMessageContaining("'/etc/passwd' is absolute");

        Files.writeString(lst, "0\t1\tcats/../cats/1.png\n");
        assertThat(LstFile.read(lst)).hasSize(1);
    }

    @Test
    void aLinkToAFileOutsideTheChannelIsRefusedWhenRead() throws Exception {
        Path channel = Files.createDirectories(dir.resolve("channel"));
        Path outside = Files.writeString(dir.resolve("secret.png"), "not for training");
        Files.createSymbolicLink(channel.resolve("escape.png"), outside);
        Files.writeString(channel.resolve("inside.png"), "fine");
        Files.createSymbolicLink(channel.resolve("alias.png"), channel.resolve("inside.png"));
        Path lst = Files.writeString(dir.resolve("train.lst"), "0\t1\tinside.png\n1\t1\talias.png\n2\t1\tescape.png\n");

        try (ImageListSource source = new ImageListSource(channel, List.of(lst))) {
            assertThat(source.read(0).bytes()).isNotEmpty();
            assertThat(source.read(1).bytes()).isNotEmpty();
            assertThatThrownBy(() -> source.read(2))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("train.lst entry 2")
                    .hasMessageContaining("escape.png")
                    .hasMessageContaining("outside the image channel");
        }
    }
}
