package dev.fovea.cli;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.convert.BalancedSelection;
import dev.fovea.trainer.data.convert.IdxDataset;
import dev.fovea.trainer.data.convert.IdxExport;
import dev.fovea.trainer.data.convert.ImageFolderScan;
import dev.fovea.trainer.data.convert.RecordIoPacker;
import dev.fovea.trainer.data.lst.LstEntry;
import dev.fovea.trainer.data.lst.LstFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fovea convert}: MXNet's im2rec for Fovea. Turns an image folder (one subfolder per class), a {@code .lst}
 * plus its image folder, or MNIST/Fashion-MNIST IDX files into the {@code .lst}, {@code .rec} and {@code .idx} files
 * the trainer reads, and records into an augmented manifest ({@link ConvertManifestCommand}). Exit code 2 on a user
 * error, with the reason on stderr.
 */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = "Converts images to MXNet RecordIO (.rec/.idx) and .lst files, like MXNet's im2rec.",
        subcommands = {
            ConvertCommand.Folder.class,
            ConvertCommand.FromList.class,
            ConvertCommand.Idx.class,
            ConvertManifestCommand.class
        })
public final class ConvertCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs a conversion, turning a {@link ClientError} into exit code 2 and a one-line reason. */
    static int reportingClientErrors(Callable<String> conversion) throws Exception {
        try {
            System.out.println(conversion.call());
            return 0;
        } catch (ClientError e) {
            System.err.println("ClientError: " + e.getMessage());
            return 2;
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("ClientError: " + e.getFile() + " does not exist");
            return 2;
        }
    }

    @Command(
            name = "folder",
            mixinStandardHelpOptions = true,
            description = "Image folder (class per subfolder) -> <train>.lst/.rec/.idx and <validation>.lst/.rec/.idx.")
    static final class Folder implements Callable<Integer> {
        @Option(names = "--input", required = true, description = "Folder with one subfolder of images per class.")
        Path input;

        @Option(names = "--output", required = true, description = "Folder for the .lst/.rec/.idx files.")
        Path output;

        @Option(names = "--validation-count", defaultValue = "0", description = "Images set aside for validation.")
        int validationCount;

        @Option(names = "--train-count", description = "At most this many training images (default: all the rest).")
        Integer trainCount;

        @Option(names = "--seed", defaultValue = "0", description = "Shuffle seed for the split.")
        long seed;

        @Option(names = "--lst-only", description = "Write only the .lst files.")
        boolean lstOnly;

        @Override
        public Integer call() throws Exception {
            return reportingClientErrors(() -> {
                List<LstEntry> all = new ArrayList<>(ImageFolderScan.scan(input));
                Collections.shuffle(all, new Random(seed));
                if (validationCount >= all.size()) {
                    throw new ClientError("--validation-count " + validationCount + " leaves no training images out of "
                            + all.size());
                }
                List<LstEntry> validation = all.subList(0, validationCount);
                int trainEnd = trainCount == null ? all.size() : Math.min(all.size(), validationCount + trainCount);
                List<LstEntry> train = all.subList(validationCount, trainEnd);
                write(train, "train");
                if (!validation.isEmpty()) {
                    write(validation, "validation");
                }
                return "wrote " + train.size() + " training and " + validation.size() + " validation images to "
                        + output + " (classes: " + ImageFolderScan.classes(input) + ")";
            });
        }

        private void write(List<LstEntry> entries, String name) throws Exception {
            java.nio.file.Files.createDirectories(output);
            LstFile.write(output.resolve(name + ".lst"), entries);
            if (!lstOnly) {
                RecordIoPacker.pack(entries, input, output, name);
            }
        }
    }

    @Command(
            name = "lst",
            mixinStandardHelpOptions = true,
            description = "A .lst file and its image folder -> <name>.rec and <name>.idx.")
    static final class FromList implements Callable<Integer> {
        @Option(names = "--lst", required = true, description = "The .lst file.")
        Path lst;

        @Option(names = "--images", required = true, description = "Folder the .lst paths are relative to.")
        Path images;

        @Option(names = "--output", required = true, description = "Folder for the .rec/.idx files.")
        Path output;

        @Override
        public Integer call() throws Exception {
            return reportingClientErrors(() -> {
                String name = lst.getFileName().toString().replaceFirst("\\.lst$", "");
                List<LstEntry> entries = LstFile.read(lst);
                return "wrote " + entries.size() + " records to " + RecordIoPacker.pack(entries, images, output, name);
            });
        }
    }

    @Command(
            name = "idx",
            mixinStandardHelpOptions = true,
            description = "MNIST/Fashion-MNIST IDX files (optionally .gz) -> PNG records in <name>.rec/.idx, or PNG"
                    + " files plus <name>.lst. Takes a class-balanced, seeded subset.")
    static final class Idx implements Callable<Integer> {
        @Option(names = "--images", required = true, description = "The *-images-idx3-ubyte[.gz] file.")
        Path imagesFile;

        @Option(names = "--labels", required = true, description = "The *-labels-idx1-ubyte[.gz] file.")
        Path labelsFile;

        @Mixin
        ConvertOutputOptions out;

        @Option(names = "--lst-output", description = "Folder for the .lst (png format; default: --output).")
        Path lstOutput;

        @Option(names = "--format", defaultValue = "rec", description = "rec or png.")
        String format;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the balanced order.")
        long seed;

        @Override
        public Integer call() throws Exception {
            return reportingClientErrors(() -> {
                IdxDataset data = IdxDataset.read(imagesFile, labelsFile);
                int take = out.count == null ? data.size() - out.skip : out.count;
                int[] chosen = BalancedSelection.select(data.labels(), seed, out.skip, take);
                Path written = switch (format) {
                    case "rec" -> IdxExport.toRecordIo(data, chosen, out.output, out.name);
                    case "png" ->
                        IdxExport.toPngFolder(
                                data, chosen, out.output, lstOutput == null ? out.output : lstOutput, out.name);
                    default -> throw new ClientError("--format " + format + " is not one of: rec, png");
                };
                return "wrote " + chosen.length + " images (" + written + ")";
            });
        }
    }
}
