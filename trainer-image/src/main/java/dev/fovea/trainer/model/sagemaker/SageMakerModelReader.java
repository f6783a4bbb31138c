package dev.fovea.trainer.model.sagemaker;

import ai.djl.ndarray.types.Shape;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.SageMakerResNet;
import dev.fovea.trainer.model.SageMakerResNetLayout;
import dev.fovea.trainer.model.mxnet.MxNetSymbol;
import dev.fovea.trainer.model.mxnet.MxNetSymbol.Node;
import dev.fovea.trainer.model.mxnet.NDArrayList;
import dev.fovea.trainer.model.mxnet.NDArrayListFormat;
import dev.fovea.trainer.model.mxnet.SymbolComparison;
import dev.fovea.trainer.publish.UnpackedArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a SageMaker Image Classification model, SageMaker's or one {@link SageMakerModelWriter} wrote: a directory
 * holding its files ({@link SageMakerModelFiles}) or the {@code model.tar.gz} that packs them. The depth and number of
 * classes come from the symbol, the image shape from {@code model-shapes.json}; the symbol must then be the one
 * SageMaker builds for them ({@link SymbolComparison}). When several parameters files are present (the checkpoints of
 * a {@code checkpoint_frequency} job) the one of the latest epoch is read.
 */
public final class SageMakerModelReader {

    private static final Pattern UNIT_CONVOLUTION = Pattern.compile("stage(\\d+)_unit(\\d+)_conv(\\d+)");
    private static final String CLASSIFIER_OP = "FullyConnected";

    private SageMakerModelReader() {}

    /**
     * Reads the model in {@code source}, a directory or a gzip tarball.
     *
     * @throws ClientError naming the file and what is wrong when it is not a SageMaker Image Classification model
     *     Fovea can build
     */
    public static SageMakerModel read(Path source) {
        if (Files.isDirectory(source)) {
            return readDirectory(source, source.toString());
        }
        if (!Files.isRegularFile(source)) {
            throw new ClientError("No SageMaker model at " + source + ": it is neither a directory nor a model.tar.gz");
        }
        try (UnpackedArchive unpacked = UnpackedArchive.of(source)) {
            return readDirectory(unpacked.folder(), source.toString());
        } catch (IOException e) {
            throw new ClientError(
                    "Cannot unpack " + source + " (expected SageMaker's model.tar.gz): " + e.getMessage(), e);
        }
    }

    private static SageMakerModel readDirectory(Path directory, String source) {
        MxNetSymbol symbol = read(directory, SageMakerModelFiles.SYMBOL, source, MxNetSymbol::read);
        ModelShapes shapes = read(directory, SageMakerModelFiles.SHAPES, source, ModelShapes::read);
        Path parametersFile = latestParameters(directory, source);
        List<Node> nodes = nodes(symbol, source);
        int numClasses = numClasses(nodes, source);
        int numLayers = numLayers(nodes, source);
        Shape imageShape = shapes.imageShape();
        SageMakerResNet expected;
        try {
            expected = SageMakerResNet.build(numLayers, numClasses, imageShape);
        } catch (IllegalArgumentException e) {
            throw new ClientError("The model in " + source + " is not a network Fovea builds: " + e.getMessage(), e);
        }
        Optional<String> difference = compare(expected.symbol(), symbol, source);
        if (difference.isPresent()) {
            throw new ClientError("The symbol in " + source + " is not SageMaker's ResNet-" + numLayers + " for "
                    + numClasses + " classes on images of " + imageShape + ": " + difference.get());
        }
        NDArrayList parameters =
                read(directory, parametersFile.getFileName().toString(), source, NDArrayListFormat::read);
        int epoch = SageMakerModelFiles.epochOf(parametersFile.getFileName().toString())
                .orElseThrow();
        return new SageMakerModel(numLayers, numClasses, imageShape, shapes.batchSize(), epoch, parameters, source);
    }

    private interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private static <T> T read(Path directory, String name, String source, Reader<T> reader) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ClientError("No SageMaker model in " + source + ": " + name + " is missing (expected "
                    + SageMakerModelFiles.SYMBOL + ", " + SageMakerModelFiles.SHAPES + " and "
                    + SageMakerModelFiles.PARAMETERS_PATTERN + ")");
        }
        try {
            return reader.read(file);
        } catch (IOException e) {
            throw new ClientError("Cannot read " + name + " in " + source + ": " + e.getMessage(), e);
        }
    }

    private static Path latestParameters(Path directory, String source) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> SageMakerModelFiles.epochOf(
                                    file.getFileName().toString())
                            .isPresent())
                    .max(Comparator.comparingInt(file -> SageMakerModelFiles.epochOf(
                                    file.getFileName().toString())
                            .getAsInt()))
                    .orElseThrow(() -> new ClientError("No SageMaker model in " + source + ": it holds no "
                            + SageMakerModelFiles.PARAMETERS_PATTERN));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<Node> nodes(MxNetSymbol symbol, String source) {
        try {
            return symbol.nodes();
        } catch (IOException e) {
            throw new ClientError(
                    "Cannot read " + SageMakerModelFiles.SYMBOL + " in " + source + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> compare(MxNetSymbol expected, MxNetSymbol actual, String source) {
        try {
            return SymbolComparison.firstDifference(expected, actual);
        } catch (IOException e) {
            throw new ClientError(
                    "Cannot read " + SageMakerModelFiles.SYMBOL + " in " + source + ": " + e.getMessage(), e);
        }
    }

    /** The output size of the symbol's (last) fully-connected operator. */
    private static int numClasses(List<Node> nodes, String source) {
        return nodes.reversed().stream()
                .filter(node -> CLASSIFIER_OP.equals(node.op()))
                .findFirst()
                .map(node -> node.attributes().get("num_hidden"))
                .filter(hidden -> hidden.matches("\\d{1,9}"))
                .map(Integer::parseInt)
                .orElseThrow(() -> new ClientError("The symbol in " + source + " has no " + CLASSIFIER_OP
                        + " operator with num_hidden: it is not an image classifier"));
    }

    /** The depth of the units the symbol's convolutions are named after ({@code stage<s>_unit<k>_conv<i>}). */
    private static int numLayers(List<Node> nodes, String source) {
        Map<Integer, Integer> unitsPerStage = new TreeMap<>();
        boolean bottleneck = false;
        for (Node node : nodes) {
            Matcher matcher = UNIT_CONVOLUTION.matcher(node.name());
            if ("Convolution".equals(node.op()) && matcher.matches()) {
                unitsPerStage.merge(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Math::max);
                bottleneck |= matcher.group(3).equals("3");
            }
        }
        if (unitsPerStage.isEmpty()) {
            throw new ClientError("The symbol in " + source + " has no residual units named stage<s>_unit<k>: it is not"
                    + " SageMaker's ResNet");
        }
        return SageMakerResNetLayout.depth(List.copyOf(unitsPerStage.values()), bottleneck);
    }
}
