package dev.fovea.trainer.data.convert;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.lst.LstEntry;
import dev.fovea.trainer.data.recordio.IrHeader;
import dev.fovea.trainer.data.recordio.RecordIoWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Packs listed images into {@code <name>.rec} and {@code <name>.idx} like im2rec with {@code --pass-through}: the
 * image file's bytes are stored unchanged, the {@code .lst} index becomes the record id and the key in the index.
 */
public final class RecordIoPacker {

    private RecordIoPacker() {}

    /** Writes the records; returns the {@code .rec} file. */
    public static Path pack(List<LstEntry> entries, Path imageRoot, Path outputDir, String name) throws IOException {
        Files.createDirectories(outputDir);
        Path rec = outputDir.resolve(name + ".rec");
        try (RecordIoWriter writer = new RecordIoWriter(rec, outputDir.resolve(name + ".idx"))) {
            for (LstEntry entry : entries) {
                byte[] image;
                try {
                    image = Files.readAllBytes(imageRoot.resolve(entry.relativePath()));
                } catch (NoSuchFileException e) {
                    throw new ClientError("the list names " + entry.relativePath() + " (index " + entry.index()
                            + ") but " + imageRoot.resolve(entry.relativePath()) + " does not exist");
                }
                writer.write(entry.index(), new IrHeader(entry.labels(), entry.index(), 0, image).pack());
            }
        }
        return rec;
    }
}
