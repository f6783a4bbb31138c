package dev.fovea.trainer.data.pipeline;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.manifest.AugmentedManifest;
import dev.fovea.trainer.data.manifest.ManifestLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The images an augmented manifest names, read from the channel folder: every {@code *.manifest} or {@code *.jsonl}
 * file in it, in name order, and each image at the place {@link ManifestLine#localPath()} gives ({@code bucket/key}
 * for an {@code s3://bucket/key} reference, where the fetch step stored it).
 */
public final class ManifestSource implements ImageSource {

    private final Path folder;
    private final List<Path> manifests;
    private final List<ManifestLine> lines = new ArrayList<>();

    /**
     * @param attributeNames the image attribute, then the label attribute
     * @throws ClientError when the folder holds no manifest or a line is malformed
     */
    public ManifestSource(Path folder, List<String> attributeNames) throws IOException {
        if (attributeNames.size() != 2) {
            throw new ClientError("an augmented manifest channel needs two AttributeNames (the image attribute, then"
                    + " the label attribute), got " + attributeNames);
        }
        this.folder = folder;
        this.manifests = AugmentedManifest.filesIn(folder);
        if (manifests.isEmpty()) {
            throw new ClientError("no augmented manifest (*.manifest or *.jsonl) in " + folder + "; a channel of "
                    + "S3DataType AugmentedManifestFile holds its JSON Lines manifest and the images it names");
        }
        for (Path manifest : manifests) {
            lines.addAll(AugmentedManifest.read(manifest, attributeNames));
        }
    }

    @Override
    public int size() {
        return lines.size();
    }

    @Override
    public EncodedImage read(int position) throws IOException {
        ManifestLine line = lines.get(position);
        Path image = folder.resolve(line.localPath());
        try {
            return new EncodedImage(line.labels(), Files.readAllBytes(image), line.origin());
        } catch (NoSuchFileException e) {
            throw new ClientError(line.origin() + ": image " + line.imageRef() + " is not in the channel folder (looked"
                    + " for " + image + "); the fetch step stores s3://bucket/key at bucket/key beside the manifest");
        }
    }

    @Override
    public EncodedImage readLabels(int position) {
        ManifestLine line = lines.get(position);
        return new EncodedImage(line.labels(), new byte[0], line.origin());
    }

    @Override
    public String description() {
        return folder + " listed by " + manifests + " (" + size() + " images)";
    }

    @Override
    public void close() {
        // files are opened per read
    }
}
