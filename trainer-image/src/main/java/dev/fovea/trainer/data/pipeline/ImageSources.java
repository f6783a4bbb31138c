package dev.fovea.trainer.data.pipeline;

import dev.fovea.api.spec.ContentType;
import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Opens the {@link ImageSource} for a channel folder under {@code /opt/ml/input/data} from its content type. */
public final class ImageSources {

    /** SageMaker also accepts the image MIME types for image-folder training data. */
    private static final Set<String> IMAGE_TYPES = Set.of(ContentType.IMAGE.sageMakerName(), "image/png", "image/jpeg");

    private ImageSources() {}

    /**
     * @param channelDir the channel's folder, e.g. {@code /opt/ml/input/data/train}
     * @param lstChannelDir the matching {@code _lst} channel folder, or {@code null} to look for the {@code .lst}
     *     inside {@code channelDir}; ignored for RecordIO
     * @param contentType the channel's {@code ContentType} from {@code inputdataconfig.json}
     */
    public static ImageSource forChannel(Path channelDir, Path lstChannelDir, String contentType) throws IOException {
        if (!Files.isDirectory(channelDir)) {
            throw new ClientError("channel folder " + channelDir + " does not exist; give the job a channel named '"
                    + channelDir.getFileName() + "'");
        }
        String type = contentType == null ? ContentType.RECORDIO.sageMakerName() : contentType.strip();
        if (type.equals(ContentType.RECORDIO.sageMakerName())) {
            return RecordIoSource.open(channelDir);
        }
        if (IMAGE_TYPES.contains(type)) {
            return new ImageListSource(channelDir, lstFiles(channelDir, lstChannelDir));
        }
        throw new ClientError("channel " + channelDir.getFileName() + " has ContentType '" + contentType
                + "'; allowed: " + ContentType.RECORDIO.sageMakerName() + ", "
                + String.join(", ", IMAGE_TYPES.stream().sorted().toList()));
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
            throw new ClientError("no .lst file in " + where + "; content type application/x-image needs a .lst file"
                    + " ('index<TAB>label(s)<TAB>relative/path' per image) in the '" + channelDir.getFileName()
                    + "_lst' channel");
        }
        return found;
    }
}
