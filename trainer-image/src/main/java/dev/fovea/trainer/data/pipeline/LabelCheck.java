package dev.fovea.trainer.data.pipeline;

import dev.fovea.api.spec.LabelFormat;
import dev.fovea.trainer.ClientError;
import java.io.IOException;

/**
 * Checks a record's labels against {@code num_classes} and writes them into the batch's label array: a class index
 * for single-label data, a multi-hot vector of {@code num_classes} zeros and ones for multi-label data. Multi-label
 * labels come as that vector, or ({@link LabelFormat#CLASS_ID}) as the list of the classes that apply.
 */
record LabelCheck(int numClasses, boolean multiLabel, LabelFormat format) {

    int width() {
        return multiLabel ? numClasses : 1;
    }

    void write(EncodedImage record, float[] out, int slot) {
        float[] labels = record.labels();
        if (multiLabel && format == LabelFormat.CLASS_ID) {
            writeClassIds(record, out, slot);
            return;
        }
        if (multiLabel) {
            if (labels.length != numClasses) {
                throw new ClientError(record.origin() + ": mismatch between number of labels in the multi-label data ("
                        + labels.length + ") and the num_classes parameter (" + numClasses + "); with multi_label=1"
                        + " each image needs a 0/1 vector of num_classes labels (or label-format=class-id lists)");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != 0f && labels[i] != 1f) {
                    throw new ClientError(record.origin() + ": multi-label value " + labels[i] + " at position " + i
                            + "; multi-hot vectors hold only 0 and 1 (class-id lists need label-format=class-id)");
                }
            }
            System.arraycopy(labels, 0, out, slot * numClasses, numClasses);
            return;
        }
        if (labels.length != 1) {
            throw new ClientError(record.origin() + ": has " + labels.length + " labels but multi_label is off; set"
                    + " multi_label=1 for multi-label data, or give each image one class index");
        }
        out[slot] = classIndex(labels[0], record.origin());
    }

    private void writeClassIds(EncodedImage record, float[] out, int slot) {
        int row = slot * numClasses;
        java.util.Arrays.fill(out, row, row + numClasses, 0f);
        for (float id : record.labels()) {
            out[row + (int) classIndex(id, record.origin())] = 1f;
        }
    }

    private float classIndex(float label, String origin) {
        if (label < 0 || label >= numClasses || label != Math.rint(label)) {
            throw new ClientError(origin + ": label " + label + " is not a class index in [0, " + (numClasses - 1)
                    + "] (num_classes=" + numClasses + ")");
        }
        return label;
    }

    /** How many of {@code source}'s records carry each class, every label checked as {@link #write} checks it. */
    long[] count(ImageSource source) throws IOException {
        long[] counts = new long[numClasses];
        float[] row = new float[width()];
        for (int position = 0; position < source.size(); position++) {
            write(source.readLabels(position), row, 0);
            if (multiLabel) {
                for (int c = 0; c < numClasses; c++) {
                    counts[c] += (long) row[c];
                }
            } else {
                counts[(int) row[0]]++;
            }
        }
        return counts;
    }
}
