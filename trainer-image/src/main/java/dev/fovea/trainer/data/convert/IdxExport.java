package dev.fovea.trainer.data.convert;

import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.lst.LstEntry;
import dev.fovea.trainer.data.lst.LstFile;
import dev.fovea.trainer.data.recordio.IrHeader;
import dev.fovea.trainer.data.recordio.RecordIoWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes chosen IDX images as PNGs (strongest compression), either into a RecordIO file ({@code <name>.rec/.idx},
 * record id = the image's index in the IDX file) or as files {@code <label>-<index>.png} plus {@code <name>.lst}.
 */
public final class IdxExport {

    private IdxExport() {}

    public static Path toRecordIo(IdxDataset data, int[] chosen, Path outputDir, String name) throws IOException {
        Files.createDirectories(outputDir);
        Path rec = outputDir.resolve(name + ".rec");
        try (RecordIoWriter writer = new RecordIoWriter(rec, outputDir.resolve(name + ".idx"))) {
            for (int index : chosen) {
                byte[] png = ImageCodec.encodePng(data.image(index));
                writer.write(index, new IrHeader(new float[] {data.labels()[index]}, index, 0, png).pack());
            }
        }
        return rec;
    }

    /** Writes the PNGs into {@code imageDir} and the list into {@code lstDir}; returns the {@code .lst} file. */
    public static Path toPngFolder(IdxDataset data, int[] chosen, Path imageDir, Path lstDir, String name)
            throws IOException {
        Files.createDirectories(imageDir);
        Files.createDirectories(lstDir);
        List<LstEntry> entries = new ArrayList<>();
        for (int index : chosen) {
            int label = data.labels()[index];
            String file = label + "-" + index + ".png";
            Files.write(imageDir.resolve(file), ImageCodec.encodePng(data.image(index)));
            entries.add(new LstEntry(index, new float[] {label}, file));
        }
        Path lst = lstDir.resolve(name + ".lst");
        LstFile.write(lst, entries);
        return lst;
    }
}
