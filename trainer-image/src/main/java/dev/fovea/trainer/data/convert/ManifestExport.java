package dev.fovea.trainer.data.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fovea.api.spec.LabelFormat;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.image.UndecodableImageException;
import dev.fovea.trainer.data.manifest.ImageRefs;
import dev.fovea.trainer.data.pipeline.EncodedImage;
import dev.fovea.trainer.data.pipeline.ImageSource;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes records as an augmented manifest channel folder: {@code <name>.manifest} (JSON Lines, one image per line with
 * its {@code s3://bucket/key} under the image attribute and its label under the label attribute, as SageMaker Ground
 * Truth writes them) and each image at {@code bucket/key} beside it, where the fetch step would store it. With
 * {@code tile > 1}, each image is that many records side by side, labelled with all their classes (multi-label).
 */
public final class ManifestExport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How to write the manifest.
     *
     * @param bucket the bucket of the images' {@code s3://} references
     * @param keyPrefix the key prefix of the images, e.g. {@code train/}
     * @param imageAttribute the attribute holding each image's reference, e.g. {@code source-ref}
     * @param labelAttribute the attribute holding each label, e.g. {@code class}
     * @param multiLabel how multi-label labels are written, or {@code null} for one class index per image
     * @param numClasses the length of a multi-hot vector
     * @param tile records per image, side by side
     * @param channels 1 (gray) or 3 (RGB): the channels of tiled images
     */
    public record Options(
            String bucket,
            String keyPrefix,
            String imageAttribute,
            String labelAttribute,
            LabelFormat multiLabel,
            int numClasses,
            int tile,
            int channels) {}

    private ManifestExport() {}

    /** Writes the records at {@code positions} of {@code source}, {@code options.tile()} per image; returns the manifest. */
    public static Path write(ImageSource source, int[] positions, Path folder, String name, Options options)
            throws IOException {
        if (options.tile() < 1 || positions.length < options.tile()) {
            throw new ClientError(
                    "--tile " + options.tile() + " needs at least that many images, got " + positions.length);
        }
        if (options.multiLabel() == null && options.tile() > 1) {
            throw new ClientError("tiled images carry several classes: give --label-format class-id or multi-hot");
        }
        Path manifest = folder.resolve(name + ".manifest");
        Files.createDirectories(folder);
        try (Writer lines = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
            for (int image = 0; image + options.tile() <= positions.length; image += options.tile()) {
                List<EncodedImage> records = new ArrayList<>();
                for (int i = 0; i < options.tile(); i++) {
                    records.add(source.read(positions[image + i]));
                }
                byte[] bytes = options.tile() == 1 ? records.getFirst().bytes() : tiled(records, options.channels());
                String key = options.keyPrefix() + name + "-" + image / options.tile() + extension(bytes);
                String ref = ImageRefs.S3_SCHEME + options.bucket() + "/" + key;
                Path file = folder.resolve(ImageRefs.localPath(ref, manifest.toString()));
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
                ObjectNode line = JSON.createObjectNode().put(options.imageAttribute(), ref);
                line.set(options.labelAttribute(), label(records, options));
                lines.write(JSON.writeValueAsString(line));
                lines.write('\n');
            }
        }
        return manifest;
    }

    private static com.fasterxml.jackson.databind.JsonNode label(List<EncodedImage> records, Options options) {
        TreeSet<Integer> classes = new TreeSet<>();
        for (EncodedImage record : records) {
            float[] labels = record.labels();
            if (labels.length == 1) {
                classes.add((int) labels[0]);
            } else {
                for (int c = 0; c < labels.length; c++) {
                    if (labels[c] != 0f) {
                        classes.add(c);
                    }
                }
            }
        }
        if (options.multiLabel() == null) {
            return JSON.getNodeFactory().numberNode(classes.first());
        }
        ArrayNode list = JSON.createArrayNode();
        if (options.multiLabel() == LabelFormat.CLASS_ID) {
            classes.forEach(list::add);
        } else {
            for (int c = 0; c < options.numClasses(); c++) {
                list.add(classes.contains(c) ? 1 : 0);
            }
        }
        return list;
    }

    /** The records' images side by side, at the first one's height, as a PNG. */
    private static byte[] tiled(List<EncodedImage> records, int channels) {
        List<Pixels> images = new ArrayList<>();
        for (EncodedImage record : records) {
            try {
                images.add(ImageCodec.decode(record.bytes(), channels));
            } catch (UndecodableImageException e) {
                throw new ClientError(record.origin() + ": undecodable image: " + e.getMessage());
            }
        }
        int height = images.getFirst().height();
        int width = images.stream().mapToInt(Pixels::width).sum();
        Pixels tile = Pixels.blank(width, height, channels);
        int left = 0;
        for (Pixels image : images) {
            if (image.height() != height) {
                throw new ClientError(
                        "images of different heights cannot be tiled: " + image.height() + " and " + height);
            }
            for (int y = 0; y < height; y++) {
                System.arraycopy(
                        image.data(),
                        y * image.width() * channels,
                        tile.data(),
                        (y * width + left) * channels,
                        image.width() * channels);
            }
            left += image.width();
        }
        return ImageCodec.encodePng(tile);
    }

    private static String extension(byte[] image) {
        return image.length > 2 && (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8 ? ".jpg" : ".png";
    }
}
