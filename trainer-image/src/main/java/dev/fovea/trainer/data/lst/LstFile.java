package dev.fovea.trainer.data.lst;

import dev.fovea.trainer.ClientError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes MXNet {@code .lst} files; a malformed line is a {@link ClientError} naming file and line. */
public final class LstFile {

    private LstFile() {}

    public static List<LstEntry> read(Path lstFile) throws IOException {
        List<LstEntry> entries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(lstFile, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    entries.add(parse(line, lstFile, lineNumber));
                }
            }
        }
        if (entries.isEmpty()) {
            throw new ClientError(lstFile + ": the .lst file lists no images; each line must be"
                    + " 'index<TAB>label(s)<TAB>relative/path'");
        }
        return entries;
    }

    static LstEntry parse(String line, Path lstFile, int lineNumber) {
        String[] fields = line.split("\t", -1);
        if (fields.length < 3) {
            throw bad(lstFile, lineNumber, line, "has " + fields.length + " tab-separated field(s), needs at least 3");
        }
        long index;
        try {
            index = Long.parseLong(fields[0].strip());
        } catch (NumberFormatException e) {
            throw bad(lstFile, lineNumber, line, "index '" + fields[0] + "' is not an integer");
        }
        float[] labels = new float[fields.length - 2];
        for (int i = 0; i < labels.length; i++) {
            try {
                labels[i] = Float.parseFloat(fields[i + 1].strip());
            } catch (NumberFormatException e) {
                throw bad(lstFile, lineNumber, line, "label '" + fields[i + 1] + "' is not a number");
            }
        }
        String path = fields[fields.length - 1].strip();
        if (path.isEmpty()) {
            throw bad(lstFile, lineNumber, line, "the image path (last field) is empty");
        }
        ListedPaths.escape(path).ifPresent(problem -> {
            throw new ClientError(lstFile + " line " + lineNumber + ": " + problem);
        });
        return new LstEntry(index, labels, path);
    }

    public static void write(Path lstFile, List<LstEntry> entries) throws IOException {
        try (Writer writer = Files.newBufferedWriter(lstFile, StandardCharsets.UTF_8)) {
            for (LstEntry entry : entries) {
                writer.write(entry.toLine());
                writer.write('\n');
            }
        }
    }

    private static ClientError bad(Path lstFile, int lineNumber, String line, String problem) {
        return new ClientError(lstFile + " line " + lineNumber + ": '" + line + "' " + problem
                + "; expected 'index<TAB>label(s)<TAB>relative/path'");
    }
}
