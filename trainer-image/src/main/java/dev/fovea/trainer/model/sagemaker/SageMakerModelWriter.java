package dev.fovea.trainer.model.sagemaker;

import dev.fovea.trainer.model.SageMakerResNet;
import dev.fovea.trainer.model.mxnet.MxNetParameters;
import dev.fovea.trainer.model.mxnet.NDArrayListFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a trained {@link SageMakerResNet} as SageMaker's Image Classification algorithm does: its symbol
 * ({@code image-classification-symbol.json}), its parameters as MXNet's NDArray list
 * ({@code image-classification-NNNN.params}, {@code arg:} and {@code aux:} keys) and the shape of the data
 * ({@code model-shapes.json}). Packed flat with {@code ModelArchive.write}, the directory is SageMaker's
 * {@code model.tar.gz}; {@link SageMakerModelReader} and MXNet's {@code mx.model.load_checkpoint} read it.
 */
public final class SageMakerModelWriter {

    private SageMakerModelWriter() {}

    /**
     * Writes the model's three files into {@code directory} (created if need be); each file appears whole or not at
     * all, an earlier file of the same name is replaced.
     *
     * @param network the trained, initialised network
     * @param epoch the number in the parameters file's name; SageMaker's is the epoch, counted from 1
     * @param batchSize the mini-batch size recorded in {@code model-shapes.json}
     * @return the parameters file
     * @throws UncheckedIOException naming the directory when a file cannot be written
     */
    public static Path write(Path directory, SageMakerResNet network, int epoch, long batchSize) {
        try {
            Files.createDirectories(directory);
            writeWhole(
                    directory.resolve(SageMakerModelFiles.SYMBOL),
                    file -> network.symbol().write(file));
            Path parameters = writeParameters(directory, network, epoch);
            writeWhole(
                    directory.resolve(SageMakerModelFiles.SHAPES),
                    file -> new ModelShapes(batchSize, network.imageShape()).write(file));
            return parameters;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot write the SageMaker model to " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes only the parameters file of {@code epoch} ({@code image-classification-NNNN.params}) into the existing
     * {@code directory}, whole or not at all; returns it.
     */
    public static Path writeParameters(Path directory, SageMakerResNet network, int epoch) throws IOException {
        Path parameters = directory.resolve(SageMakerModelFiles.parameters(epoch));
        writeWhole(parameters, file -> NDArrayListFormat.write(file, MxNetParameters.of(network)));
        return parameters;
    }

    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    private static void writeWhole(Path target, FileWriter writer) throws IOException {
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        try {
            writer.write(partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
