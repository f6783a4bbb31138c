package dev.fovea.e2e.image;

import dev.fovea.e2e.agent.ImageRuntime;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What the image tests need on this machine: root (buildah's chroot isolation, the pods' uids), buildah, bubblewrap,
 * debootstrap (the offline base) and setpriv. Without them the tests are skipped with what to install, except in CI
 * ({@code CI=true}), where a missing tool fails the build: CI must build and run the images.
 */
public final class ImageTools {

    private static final List<String> COMMANDS = List.of("buildah", "bwrap", "debootstrap", "setpriv");
    private static final String INSTALL = "apt-get install buildah bubblewrap debootstrap util-linux";

    private ImageTools() {}

    /** Skips the calling test (fails it under {@code CI=true}) unless everything the image tests need is here. */
    public static void require() {
        List<String> missing = new ArrayList<>();
        for (String command : COMMANDS) {
            if (!onPath(command)) {
                missing.add(command);
            }
        }
        String problem = null;
        if (!missing.isEmpty()) {
            problem = "the image tests need " + String.join(", ", missing) + " on the PATH: run " + INSTALL;
        } else if (!ImageRuntime.runByRoot()) {
            problem = "the image tests need root (buildah --isolation chroot, the pods' own uids)";
        }
        if (problem == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(problem + " (CI=true: CI must build and run the images)");
        }
        Assumptions.abort(problem + "; skipped");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH") == null ? "" : System.getenv("PATH");
        for (String dir : (path + File.pathSeparator + "/usr/sbin:/sbin").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
