package dev.fovea.trainer.integrity;

/**
 * A directory's files are not the ones that were written: one is missing, added, cut short or changed, or the
 * manifest that lists them is missing or unreadable.
 */
public final class IntegrityException extends Exception {

    private final String file;
    private final String reason;

    /**
     * @param file the file at fault, relative to the directory
     * @param reason what is wrong with it, e.g. "is truncated: 1024 bytes, manifest.json lists 4096"
     */
    public IntegrityException(String file, String reason) {
        super(file + " " + reason);
        this.file = file;
        this.reason = reason;
    }

    /** The file at fault, relative to the directory. */
    public String file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
