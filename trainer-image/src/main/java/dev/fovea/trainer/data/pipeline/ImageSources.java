package dev.fovea.trainer.data.pipeline;

import dev.fovea.api.contract.ChannelInput;
import dev.fovea.api.spec.ContentType;
import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens the {@link ImageSource} of a channel folder under {@code /opt/ml/input/data} from its entry in
 * {@code inputdataconfig.json}: an augmented manifest, RecordIO files, or image files listed by a {@code .lst}.
 */
public final class ImageSources {

    private ImageSources() {}

    /**
     * @param channelDir the channel's folder, e.g. {@code /opt/ml/input/data/train}
     * @param lstChannelDir the matching {@code _lst} channel folder, or {@code null} to look for the {@code .lst}
     *     inside {@code channelDir}; only read for image files
     * @param channel the channel's entry in {@code inputdataconfig.json}
     */
    public static ImageSource forChannel(Path channelDir, Path lstChannelDir, ChannelInput channel) throws IOException {
        if (!Files.isDirectory(channelDir)) {
            throw new ClientError("channel folder " + channelDir + " does not exist; give the job a channel named '"
                    + channelDir.getFileName() + "'");
        }
        if (channel.augmentedManifest()) {
            return new ManifestSource(channelDir, channel.attributeNames());
        }
        if (channel.contentType() == ContentType.RECORDIO) {
            return RecordIoSource.open(channelDir);
        }
        if (channel.contentType().imageFiles()) {
            return new ImageListSource(channelDir, lstFiles(channelDir, lstChannelDir));
        }
        throw new ClientError("channel " + channelDir.getFileName() + " has ContentType "
                + channel.contentType().sageMakerName() + ", which holds no training images; use "
                + ContentType.RECORDIO.sageMakerName() + ", " + ContentType.IMAGE.sageMakerName() + ", "
                + ContentType.IMAGE_JPEG.sageMakerName() + " or " + ContentType.IMAGE_PNG.sageMakerName());
    }

    private static List<Path> lstFiles(Path channelDir, Path lstChannelDir) throws IOException {
        Path where = lstChannelDir == null ? channelDir : lstChannelDir;
        if (!Files.isDirectory(where)) {
            throw new ClientError("channel folder " + where + " does not exist; content type application/x-image needs"
                    + " the '" + channelDir.getFileName() + "_lst' channel holding a .lst file");
        }
        List<Path> found;
        try (Stream<Path> listing = Files.list(where)) {
            found = listing.filter(p -> p.getFileName().toString().endsWith(".lst"))
                    .sorted()
                    .toList();
        }
        if (found.isEmpty()) {
            throw new ClientError("no .lst file in " + where + "; image files need a .lst file"
                    + " ('index<TAB>label(s)<TAB>relative/path' per image) in the '" + channelDir.getFileName()
                    + "_lst' channel, or an augmented manifest");
        }
        return found;
    }
}
