package dev.fovea.trainer.data.recordio;

import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads MXNet's {@code .idx} file: one {@code key<TAB>offset} line per record, in file order. */
public final class RecordIoIndex {

    private RecordIoIndex() {}

    /** The record offsets listed in {@code idxFile}, each checked to lie inside a file of {@code recLength} bytes. */
    public static List<Long> readOffsets(Path idxFile, long recLength) throws IOException {
        List<Long> offsets = new ArrayList<>();
        List<String> lines = Files.readAllLines(idxFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t");
            long offset;
            try {
                offset = fields.length == 2 ? Long.parseLong(fields[1].strip()) : -1;
            } catch (NumberFormatException e) {
                offset = -1;
            }
            if (offset < 0 || offset >= recLength) {
                throw new ClientError(idxFile + " line " + (i + 1) + ": '" + line + "' is not 'index<TAB>offset' with"
                        + " an offset in [0, " + recLength + ") (the size of the .rec file)");
            }
            offsets.add(offset);
        }
        return offsets;
    }
}
