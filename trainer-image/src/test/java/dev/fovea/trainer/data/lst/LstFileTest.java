package dev.fovea.trainer.data.lst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LstFileTest {

    @TempDir
    Path dir;

    @Test
    void readsSingleAndMultiLabelLinesAndWritesThemBack() throws IOException {
        Path lst = dir.resolve("a.lst");
        Files.writeString(lst, "0\t3.000000\tcats/1.jpg\n\n7\t1\t0\t1\tmixed/2.png\n");
        List<LstEntry> entries = LstFile.read(lst);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).labels()).containsExactly(3f);
        assertThat(entries.get(1).index()).isEqualTo(7);
        assertThat(entries.get(1).labels()).containsExactly(1f, 0f, 1f);
        assertThat(entries.get(1).relativePath()).isEqualTo("mixed/2.png");
        Path copy = dir.resolve("b.lst");
        LstFile.write(copy, entries);
        assertThat(Files.readString(copy))
                .isEqualTo("0\t3.000000\tcats/1.jpg\n7\t1.000000\t0.000000\t1.000000\tmixed/2.png\n");
    }

    @Test
    void badLinesNameFileAndLine() throws IOException {
        Path lst = dir.resolve("bad.lst");
        Files.writeString(lst, "0\t1\tok.png\n1\tcat\tx.png\n");
        assertThatThrownBy(() -> LstFile.read(lst))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("bad.lst line 2")
                .hasMessageContaining("label 'cat' is not a number");
        Files.writeString(lst, "0 1 spaces.png\n");
        assertThatThrownBy(() -> LstFile.read(lst))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("bad.lst line 1")
                .hasMessageContaining("needs at least 3");
        Files.writeString(lst, "x\t1\ta.png\n");
        assertThatThrownBy(() -> LstFile.read(lst)).hasMessageContaining("index 'x' is not an integer");
        Files.writeString(lst, "\n");
        assertThatThrownBy(() -> LstFile.read(lst)).hasMessageContaining("lists no images");
    }
}
