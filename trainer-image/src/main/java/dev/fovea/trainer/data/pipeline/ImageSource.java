package dev.fovea.trainer.data.pipeline;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where a channel's records come from: {@link RecordIoSource} ({@code .rec} files) or {@link ImageListSource} (an
 * image folder and a {@code .lst}). Records are addressed by position 0…size−1 in a fixed order; reads must be safe
 * from several decode threads at once.
 */
public interface ImageSource extends Closeable {

    /** Number of records in the channel (all hosts together). */
    int size();

    /** The record at {@code position}; bad data is a {@code ClientError} naming the file and record. */
    EncodedImage read(int position) throws IOException;

    /**
     * The record at {@code position} with its labels and origin, its image bytes possibly left out: for counting
     * labels without reading every image. Sources that hold the labels apart from the images override it.
     */
    default EncodedImage readLabels(int position) throws IOException {
        return read(position);
    }

    /** A short description for logs and messages, e.g. the folder and file count. */
    String description();
}
