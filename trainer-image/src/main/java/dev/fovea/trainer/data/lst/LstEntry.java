package dev.fovea.trainer.data.lst;

/**
 * One line of an MXNet {@code .lst} file: {@code index<TAB>label[<TAB>label…]<TAB>relative/path}.
 *
 * @param index the record index (im2rec writes it into the RecordIO header's id)
 * @param labels one label, or several for multi-label data
 * @param relativePath the image path relative to the image folder
 */
public record LstEntry(long index, float[] labels, String relativePath) {

    /** The line as im2rec writes it (labels with six decimals, like {@code %f}). */
    public String toLine() {
        StringBuilder line = new StringBuilder().append(index);
        for (float label : labels) {
            line.append('\t').append(String.format(java.util.Locale.ROOT, "%f", label));
        }
        return line.append('\t').append(relativePath).toString();
    }
}
