package dev.fovea.trainer.data.pipeline;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.recordio.IrHeader;
import dev.fovea.trainer.data.recordio.RecordIoFile;
import dev.fovea.trainer.data.recordio.RecordIoIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The records of every {@code .rec} file in a channel folder, in file-name order. Record offsets come from the
 * file's {@code .idx} (same base name) when there is one, otherwise from a header-only scan; records are read one at
 * a time by offset, so a file is never loaded whole.
 */
public final class RecordIoSource implements ImageSource {

    /** Bytes read to find a record's labels: the IRHeader and up to 1,018 multi-label values. */
    private static final int LABEL_HEAD_BYTES = 4096;

    private final Path folder;
    private final List<RecordIoFile> files = new ArrayList<>();
    private final int[] fileOf;
    private final long[] offsetOf;

    private RecordIoSource(Path folder, List<Path> recFiles) throws IOException {
        this.folder = folder;
        List<Integer> owners = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (Path recFile : recFiles) {
            RecordIoFile file = new RecordIoFile(recFile);
            files.add(file);
            Path idx = recFile.resolveSibling(baseName(recFile) + ".idx");
            List<Long> fileOffsets =
                    Files.isRegularFile(idx) ? RecordIoIndex.readOffsets(idx, Files.size(recFile)) : file.scanOffsets();
            for (Long offset : fileOffsets) {
                owners.add(files.size() - 1);
                offsets.add(offset);
            }
        }
        this.fileOf = owners.stream().mapToInt(Integer::intValue).toArray();
        this.offsetOf = offsets.stream().mapToLong(Long::longValue).toArray();
    }

    /** All {@code .rec} files directly inside {@code folder}. */
    public static RecordIoSource open(Path folder) throws IOException {
        List<Path> recFiles;
        try (Stream<Path> listing = Files.list(folder)) {
            recFiles = listing.filter(p -> p.getFileName().toString().endsWith(".rec"))
                    .sorted()
                    .toList();
        }
        if (recFiles.isEmpty()) {
            throw new ClientError(
                    "channel folder " + folder + " holds no .rec file; content type"
                            + " application/x-recordio needs MXNet RecordIO files named *.rec (make them with 'fovea convert')");
        }
        RecordIoSource source = new RecordIoSource(folder, recFiles);
        if (source.size() == 0) {
            source.close();
            throw new ClientError("the .rec files in " + folder + " hold no records");
        }
        return source;
    }

    @Override
    public int size() {
        return offsetOf.length;
    }

    @Override
    public EncodedImage read(int position) throws IOException {
        RecordIoFile file = files.get(fileOf[position]);
        String origin = file.path() + " record " + position + " (offset " + offsetOf[position] + ")";
        IrHeader record = IrHeader.unpack(file.readAt(offsetOf[position]), origin);
        return new EncodedImage(record.labels(), record.image(), origin);
    }

    /** Reads only the start of the record's first part, where the IRHeader and its labels are. */
    @Override
    public EncodedImage readLabels(int position) throws IOException {
        RecordIoFile file = files.get(fileOf[position]);
        String origin = file.path() + " record " + position + " (offset " + offsetOf[position] + ")";
        float[] labels = IrHeader.labelsIn(file.readHead(offsetOf[position], LABEL_HEAD_BYTES), origin);
        return labels == null ? read(position) : new EncodedImage(labels, new byte[0], origin);
    }

    @Override
    public String description() {
        return folder + " (" + files.size() + " .rec file(s), " + size() + " records)";
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".rec".length());
    }

    @Override
    public void close() throws IOException {
        for (RecordIoFile file : files) {
            file.close();
        }
    }
}
