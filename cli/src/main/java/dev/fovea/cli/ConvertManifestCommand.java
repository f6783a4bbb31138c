package dev.fovea.cli;

import dev.fovea.api.contract.ChannelInput;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.LabelFormat;
import dev.fovea.api.spec.SageMakerValue;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.convert.ManifestExport;
import dev.fovea.trainer.data.pipeline.ImageSource;
import dev.fovea.trainer.data.pipeline.ImageSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea convert manifest}: RecordIO files (or a {@code .lst} and its images) to an augmented manifest channel
 * folder, the input SageMaker Ground Truth produces: {@code <name>.manifest} and the images at {@code bucket/key}.
 */
@Command(
        name = "manifest",
        mixinStandardHelpOptions = true,
        description = "RecordIO files or a .lst + images -> an augmented manifest (<name>.manifest, JSON Lines) and"
                + " its images at <bucket>/<key> in one channel folder.")
final class ConvertManifestCommand implements Callable<Integer> {

    @Option(names = "--rec", description = "Folder of .rec files to read.")
    Path rec;

    @Option(names = "--lst", description = "Folder holding the .lst file (with --images).")
    Path lst;

    @Option(names = "--images", description = "Folder the .lst paths are relative to (with --lst).")
    Path images;

    @Mixin
    ConvertOutputOptions out;

    @Option(names = "--bucket", defaultValue = "fovea-images", description = "Bucket of the s3:// references.")
    String bucket;

    @Option(names = "--key-prefix", description = "Key prefix of the images (default: <name>/).")
    String keyPrefix;

    @Option(names = "--image-attribute", defaultValue = "source-ref", description = "Image attribute name.")
    String imageAttribute;

    @Option(names = "--label-attribute", defaultValue = "class", description = "Label attribute name.")
    String labelAttribute;

    @Option(
            names = "--label-format",
            description = "Write multi-label labels: class-id (lists of classes) or multi-hot (0/1 vectors).")
    String labelFormat;

    @Option(names = "--num-classes", defaultValue = "0", description = "Length of multi-hot vectors.")
    int numClasses;

    @Option(names = "--tile", defaultValue = "1", description = "Records side by side in each image (multi-label).")
    int tile;

    @Option(names = "--channels", defaultValue = "3", description = "1 (gray) or 3 (RGB): channels of tiled images.")
    int channels;

    @Option(names = "--seed", description = "Shuffle the records with this seed first (default: their own order).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        return ConvertCommand.reportingClientErrors(() -> {
            LabelFormat format =
                    labelFormat == null ? null : SageMakerValue.fromSageMakerName(LabelFormat.class, labelFormat);
            if (labelFormat != null && format == null) {
                throw new ClientError("--label-format " + labelFormat + " is not one of: "
                        + SageMakerValue.allowedNames(LabelFormat.class));
            }
            if (format == LabelFormat.MULTI_HOT && numClasses < 1) {
                throw new ClientError("--label-format multi-hot needs --num-classes, the length of the vectors");
            }
            try (ImageSource source = source()) {
                int[] positions = order(source.size());
                Path manifest = ManifestExport.write(
                        source,
                        positions,
                        out.output,
                        out.name,
                        new ManifestExport.Options(
                                bucket,
                                keyPrefix == null ? out.name + "/" : keyPrefix,
                                imageAttribute,
                                labelAttribute,
                                format,
                                numClasses,
                                tile,
                                channels));
                return "wrote " + positions.length / tile + " images and " + manifest;
            }
        });
    }

    private ImageSource source() throws java.io.IOException {
        if ((rec == null) == (lst == null) || (lst != null && images == null)) {
            throw new ClientError("give either --rec <folder> or --lst <folder> with --images <folder>");
        }
        return rec != null
                ? ImageSources.forChannel(rec, null, ChannelInput.of(ContentType.RECORDIO))
                : ImageSources.forChannel(images, lst, ChannelInput.of(ContentType.IMAGE));
    }

    private int[] order(int size) {
        List<Integer> all = new ArrayList<>(IntStream.range(0, size).boxed().toList());
        if (seed != null) {
            Collections.shuffle(all, new Random(seed));
        }
        int from = Math.min(out.skip, size);
        int to = out.count == null ? size : Math.min(size, from + out.count);
        return all.subList(from, to).stream().mapToInt(Integer::intValue).toArray();
    }
}
