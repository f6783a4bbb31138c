package dev.fovea.cli.local;

import dev.fovea.trainer.ClientError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a PersistentVolumeClaim lives on this machine: {@code <manifest dir>/volumes/<claim>} unless the user named
 * a folder with {@code --volume <claim>=<path>}. A channel's subPath is resolved inside that folder.
 */
public final class VolumeMapper {

    private final Path manifestDirectory;
    private final Map<String, Path> overrides;

    public VolumeMapper(Path manifestDirectory, Map<String, Path> overrides) {
        this.manifestDirectory = manifestDirectory.toAbsolutePath().normalize();
        this.overrides = Map.copyOf(overrides);
    }

    /** The local folder that stands in for {@code claim}, mounted at {@code subPath} (may be null or empty). */
    public Path resolve(String claim, String subPath) {
        Path claimRoot = overrides.containsKey(claim)
                ? overrides.get(claim).toAbsolutePath().normalize()
                : manifestDirectory.resolve("volumes").resolve(claim);
        Path folder = subPath == null || subPath.isBlank()
                ? claimRoot
                : claimRoot.resolve(subPath).normalize();
        if (!folder.startsWith(claimRoot)) {
            throw new ClientError("subPath '" + subPath + "' of claim '" + claim + "' leaves the volume; "
                    + "use a relative path inside it");
        }
        return folder;
    }

    /** Like {@link #resolve}, but fails with a message naming the claim, the folder and the override flag. */
    public Path resolveExisting(String channel, String claim, String subPath) {
        Path folder = resolve(claim, subPath);
        if (!Files.isDirectory(folder)) {
            throw new ClientError("channel '" + channel + "': claim '" + claim + "' subPath '"
                    + (subPath == null ? "" : subPath) + "' maps to " + folder
                    + ", which is not a folder; create it or pass --volume " + claim + "=<folder>");
        }
        return folder;
    }

    /** Parses {@code claim=path} as given to {@code --volume}. */
    public static Map.Entry<String, Path> parseOverride(String option) {
        int split = option.indexOf('=');
        if (split <= 0 || split == option.length() - 1) {
            throw new ClientError(
                    "--volume '" + option + "' must look like <claim>=<path>, e.g. mnist-data=/data/mnist");
        }
        return Map.entry(option.substring(0, split), Path.of(option.substring(split + 1)));
    }
}
