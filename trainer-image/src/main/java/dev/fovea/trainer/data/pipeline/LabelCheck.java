package dev.fovea.trainer.data.pipeline;

import dev.fovea.trainer.ClientError;

/**
 * Checks a record's labels against {@code num_classes} and writes them into the batch's label array: a class index
 * for single-label data, a multi-hot vector of exactly {@code num_classes} zeros and ones for multi-label data.
 */
record LabelCheck(int numClasses, boolean multiLabel) {

    int width() {
        return multiLabel ? numClasses : 1;
    }

    void write(EncodedImage record, float[] out, int slot) {
        float[] labels = record.labels();
        if (multiLabel) {
            if (labels.length != numClasses) {
                throw new ClientError(record.origin() + ": mismatch between number of labels in the multi-label data ("
                        + labels.length + ") and the num_classes parameter (" + numClasses + "); with multi_label=1"
                        + " each image needs a 0/1 vector of num_classes labels");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != 0f && labels[i] != 1f) {
                    throw new ClientError(record.origin() + ": multi-label value " + labels[i] + " at position " + i
                            + "; multi-label vectors hold only 0 and 1");
                }
            }
            System.arraycopy(labels, 0, out, slot * numClasses, numClasses);
            return;
        }
        if (labels.length != 1) {
            throw new ClientError(record.origin() + ": has " + labels.length + " labels but multi_label is off; set"
                    + " multi_label=1 for multi-label data, or give each image one class index");
        }
        float label = labels[0];
        if (label < 0 || label >= numClasses || label != Math.rint(label)) {
            throw new ClientError(record.origin() + ": label " + label + " is not a class index in [0, "
                    + (numClasses - 1) + "] (num_classes=" + numClasses + ")");
        }
        out[slot] = label;
    }
}
