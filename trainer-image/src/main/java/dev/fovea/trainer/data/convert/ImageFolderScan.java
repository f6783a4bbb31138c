package dev.fovea.trainer.data.convert;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.lst.LstEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Lists an image folder the way im2rec does: one subfolder per class, classes numbered 0… in sorted name order,
 * JPEG/PNG files inside (sorted), each entry's path relative to the folder.
 */
public final class ImageFolderScan {

    private ImageFolderScan() {}

    /** The class names in label order. */
    public static List<String> classes(Path root) throws IOException {
        try (Stream<Path> listing = Files.list(root)) {
            List<String> classes = listing.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
            if (classes.isEmpty()) {
                throw new ClientError(root + " has no subfolders; put each class's images in its own subfolder");
            }
            return classes;
        }
    }

    public static List<LstEntry> scan(Path root) throws IOException {
        List<LstEntry> entries = new ArrayList<>();
        List<String> classes = classes(root);
        for (int label = 0; label < classes.size(); label++) {
            List<Path> images;
            try (Stream<Path> files = Files.walk(root.resolve(classes.get(label)))) {
                images = files.filter(ImageFolderScan::isImage).sorted().toList();
            }
            for (Path image : images) {
                String relative = root.relativize(image).toString().replace('\\', '/');
                entries.add(new LstEntry(entries.size(), new float[] {label}, relative));
            }
        }
        if (entries.isEmpty()) {
            throw new ClientError(root + " holds no .jpg, .jpeg or .png files in its class subfolders");
        }
        return entries;
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
    }
}
