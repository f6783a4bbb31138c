package dev.fovea.trainer.data.lst;

import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The image paths of a {@code .lst} file stay inside their channel: a path is relative to the image folder, and
 * neither {@code ..}, an absolute path nor a symbolic link may lead out of it ({@code ../../etc/passwd},
 * {@code /etc/passwd}, a link to {@code /}). The channel is the user's data; what lies beside it is not.
 */
public final class ListedPaths {

    private final Path folder;
    private final Path realFolder;

    /** Paths inside {@code folder}, which must exist. */
    public ListedPaths(Path folder) throws IOException {
        this.folder = folder;
        this.realFolder = folder.toRealPath();
    }

    /** Why {@code path} cannot be inside any folder (absolute, or climbing out with {@code ..}); empty when it can. */
    public static Optional<String> escape(String path) {
        Path relative = Path.of(path);
        if (relative.isAbsolute() || path.startsWith("/") || path.startsWith("\\")) {
            return Optional.of("the image path '" + path + "' is absolute; it must be relative to the image channel");
        }
        Path normalized = relative.normalize();
        if (normalized.startsWith("..")) {
            return Optional.of("the image path '" + path + "' leads out of the image channel with '..'");
        }
        return Optional.empty();
    }

    /**
     * The file {@code path} names inside the folder; a path that resolves, through symbolic links, to a file outside
     * it is a {@link ClientError} naming {@code origin} (the list file and entry).
     */
    public Path resolve(String path, String origin) throws IOException {
        escape(path).ifPresent(problem -> {
            throw new ClientError(origin + ": " + problem);
        });
        Path file = folder.resolve(path);
        if (Files.exists(file) && !file.toRealPath().startsWith(realFolder)) {
            throw new ClientError(origin + ": the image path '" + path + "' is a link to " + file.toRealPath()
                    + ", outside the image channel " + realFolder + "; images must be inside the channel");
        }
        return file;
    }
}
