package dev.fovea.trainer.data.pipeline;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.lst.ListedPaths;
import dev.fovea.trainer.data.lst.LstEntry;
import dev.fovea.trainer.data.lst.LstFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The images an MXNet {@code .lst} file lists, read from an image folder: paths in the list are relative to it and
 * stay inside it ({@link ListedPaths}).
 */
public final class ImageListSource implements ImageSource {

    private final Path imageFolder;
    private final ListedPaths inside;
    private final List<Path> lstFiles;
    private final List<LstEntry> entries = new ArrayList<>();
    private final List<String> origins = new ArrayList<>();

    public ImageListSource(Path imageFolder, List<Path> lstFiles) throws IOException {
        this.imageFolder = imageFolder;
        this.inside = new ListedPaths(imageFolder);
        this.lstFiles = List.copyOf(lstFiles);
        for (Path lstFile : lstFiles) {
            List<LstEntry> listed = LstFile.read(lstFile);
            for (LstEntry entry : listed) {
                entries.add(entry);
                origins.add(lstFile + " entry " + entry.index() + " (" + entry.relativePath() + ")");
            }
        }
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public EncodedImage read(int position) throws IOException {
        LstEntry entry = entries.get(position);
        Path image = inside.resolve(entry.relativePath(), origins.get(position));
        try {
            return new EncodedImage(entry.labels(), Files.readAllBytes(image), origins.get(position));
        } catch (NoSuchFileException e) {
            throw new ClientError(origins.get(position) + ": image file " + image + " does not exist; .lst paths are"
                    + " relative to the image channel folder " + imageFolder);
        }
    }

    @Override
    public EncodedImage readLabels(int position) {
        return new EncodedImage(entries.get(position).labels(), new byte[0], origins.get(position));
    }

    @Override
    public String description() {
        return imageFolder + " listed by " + lstFiles + " (" + size() + " images)";
    }

    @Override
    public void close() {
        // files are opened per read
    }
}
