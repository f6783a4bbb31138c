package dev.fovea.trainer.data.manifest;

/**
 * One line of an augmented manifest, as the trainer reads it.
 *
 * @param imageRef where the image is: an {@code s3://bucket/key} URI, or a path relative to the manifest's folder
 * @param labels the label: one class index, a 0/1 vector, or a list of class ids
 * @param origin the manifest file and line, for messages
 */
public record ManifestLine(String imageRef, float[] labels, String origin) {

    /**
     * Where the image is kept beside the manifest: an {@code s3://bucket/key} object at {@code bucket/key}, the way
     * the fetch step stores it and {@code fovea convert manifest} lays a local copy out.
     */
    public String localPath() {
        return ImageRefs.localPath(imageRef, origin);
    }
}
