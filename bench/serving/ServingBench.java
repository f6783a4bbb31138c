import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.trainer.data.image.PixelGate;
import dev.fovea.trainer.data.image.PixelLimit;
import dev.fovea.trainer.data.pipeline.ImagePreprocessor;
import dev.fovea.trainer.inference.DynamicBatcher;
import dev.fovea.trainer.inference.InferenceService;
import dev.fovea.trainer.inference.InferenceSettings;
import dev.fovea.trainer.inference.Predictor;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.publish.ModelDirectory;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The Java side of bench/serving/run.sh.
 *
 * <ul>
 *   <li>{@code random-model <dir> <numLayers> <classes> <c,h,w>}: a model directory with seeded random weights;
 *   <li>{@code export <modelDir> <weights.npz>}: every parameter, in the network's order, as float32 arrays named
 *       {@code NNNN_<DJL name>}, for the PyTorch peer to load into the same architecture;
 *   <li>{@code in-process <modelDir> <image> <maxBatch> <seconds> <workers> <warmupSeconds>}: the references the
 *       HTTP numbers are held against: one forward pass of one prepared image (median, on a thread of its own as the
 *       server's inference worker), the same with decoding and preparation, and the images/s of the whole pipeline
 *       without HTTP (InferenceService: decode pool, dynamic batches of up to maxBatch, 0: picked from the input
 *       size, and two full batches in flight per worker, one running and one waiting), each after as long a warm-up
 *       as the servers get.
 * </ul>
 */
public final class ServingBench {

    /** The torchvision-style ResNets: the peer's {@code torch_step.resnet} is their PyTorch twin. */
    private static final NetworkFamily NETWORK = NetworkFamily.TORCHVISION;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "random-model" -> randomModel(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args[4]);
            case "export" -> export(Path.of(args[1]), Path.of(args[2]));
            case "in-process" -> inProcess(Path.of(args[1]), Files.readAllBytes(Path.of(args[2])),
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static void randomModel(Path dir, int numLayers, int classes, String imageShape) {
        HyperParameters hp = new HyperParameters();
        hp.setNumLayers(numLayers);
        hp.setNumClasses(classes);
        hp.setImageShape(imageShape);
        hp.setNumTrainingSamples(1_000); // required by the contract, unused by a random model
        int[] shape = Arrays.stream(imageShape.split(",")).mapToInt(Integer::parseInt).toArray();
        Engine.getInstance().setRandomSeed(1);
        try (Model model = Model.newInstance("random")) {
            model.setBlock(NETWORK.build(numLayers, classes, new Shape(shape[0], shape[1], shape[2])));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, shape[0], shape[1],
                    shape[2]));
            ResolvedHyperParameters resolved = ResolvedHyperParameters.resolve(hp);
            ModelDirectory.write(dir, model, ModelDirectory.describe(NETWORK, resolved), 0, resolved.miniBatchSize());
        }
    }

    /** NumPy's .npz: a zip of .npy files (format 1.0: magic, header length, dict header, little-endian data). */
    static void export(Path modelDir, Path npz) throws IOException {
        try (Model model = ModelDirectory.load(modelDir);
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(npz))) {
            int index = 0;
            for (Pair<String, Parameter> pair : model.getBlock().getParameters()) {
                NDArray array = pair.getValue().getArray();
                zip.putNextEntry(new ZipEntry(String.format("%04d_%s.npy", index++, pair.getKey())));
                writeNpy(zip, array.getShape().getShape(), array.toFloatArray());
                zip.closeEntry();
            }
        }
    }

    private static void writeNpy(OutputStream out, long[] shape, float[] values) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "")
                + "), }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        data.writeShort(Short.reverseBytes((short) header.length()));
        data.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        data.write(buffer.array());
        data.flush();
    }

    static void inProcess(Path modelDir, byte[] image, int maxBatch, int seconds, int workers, int warmupSeconds)
            throws Exception {
        InferenceSettings settings =
                new InferenceSettings(maxBatch, Duration.ZERO, workers, InferenceSettings.DEFAULT_MAX_IMAGE_PIXELS);
        double imagesPerSecond;
        double[] single = new double[2];
        try (InferenceService service = InferenceService.start(modelDir, settings, DynamicBatcher.Observer.NONE);
                Predictor predictor = Predictor.open(modelDir)) {
            int window = 2 * service.workers() * service.maxBatchSize();
            pump(service, image, window, warmupSeconds);
            imagesPerSecond = pump(service, image, window, seconds);
            ImagePreprocessor preprocessor = predictor.preprocessor(PixelGate.atMost(PixelLimit.WITHOUT_JOB));
            float[] prepared = preprocessor.toHwc(image, "bench image");
            Thread worker = Thread.ofPlatform().name("bench-inference").start(() -> {
                single[0] = medianMillis(() -> predictor.predict(prepared, 1), seconds);
                single[1] = medianMillis(() -> predictor.predict(preprocessor.toHwc(image, "bench image"), 1), seconds);
            });
            worker.join();
        }
        System.out.printf(Locale.ROOT, "forward_ms\t%.3f%nend_to_end_ms\t%.3f%nbatched_images_per_s\t%.1f%n",
                single[0], single[1], imagesPerSecond);
    }

    /** Images/s through the service with {@code window} images in flight for {@code seconds}. */
    private static double pump(InferenceService service, byte[] image, int window, int seconds) throws Exception {
        Semaphore inFlight = new Semaphore(window);
        List<CompletableFuture<float[]>> answers = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        int count = 0;
        while (System.nanoTime() < end) {
            inFlight.acquire();
            answers.add(service.classify(image).whenComplete((answer, failure) -> inFlight.release()));
            count++;
            if (answers.size() > 10_000) {
                answers.removeIf(CompletableFuture::isDone);
            }
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double medianMillis(Runnable call, int seconds) {
        for (int i = 0; i < 5; i++) {
            call.run();
        }
        List<Double> millis = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L / 2;
        while (System.nanoTime() < end || millis.size() < 10) {
            long start = System.nanoTime();
            call.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        millis.sort(null);
        return millis.get(millis.size() / 2);
    }
}
