import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.fovea.api.spec.AugmentationType;
import dev.fovea.trainer.data.augment.AugmenterChain;
import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.image.Resize;
import dev.fovea.trainer.data.pipeline.EncodedImage;
import dev.fovea.trainer.data.pipeline.ImageDataset;
import dev.fovea.trainer.data.pipeline.ImageSource;
import dev.fovea.trainer.data.pipeline.Normalization;
import dev.fovea.trainer.data.pipeline.RecordIoSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Input pipeline throughput: decode + resize + augment + normalise, images/s on one core for each augmentation_type,
 * on the MNIST fixture (PNG 1x28x28) and on ImageNet-sized JPEGs (MNIST digits scaled to 256x256 RGB, cropped to
 * 3x224x224); then the whole ImageDataset (worker pool + batch NDArrays) on all cores. With a second argument, a
 * folder, it also writes the images it measured there ({@code mnist/*.png}, {@code jpeg/*.jpg}) and its per-core
 * rows to {@code fovea.tsv}, for {@code torchvision_pipeline.py} to measure the same images.
 * Run: bench/input-pipeline/run.sh
 */
public final class InputPipelineBench {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private static final AugmentationType[] LEVELS = {null, AugmentationType.CROP, AugmentationType.CROP_COLOR,
        AugmentationType.CROP_COLOR_TRANSFORM};

    public static void main(String[] args) throws Exception {
        Path channel = Path.of(args.length > 0 ? args[0] : "examples/volumes/mnist-data/recordio/train");
        Path export = args.length > 1 ? Path.of(args[1]) : null;
        List<byte[]> mnist = new ArrayList<>();
        try (ImageSource source = RecordIoSource.open(channel)) {
            for (int i = 0; i < source.size(); i++) {
                EncodedImage record = source.read(i);
                mnist.add(record.bytes());
            }
        }
        List<byte[]> large = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            large.add(toLargeJpeg(mnist.get(i)));
        }
        if (export != null) {
            write(mnist, export.resolve("mnist"), "png");
            write(large, export.resolve("jpeg"), "jpg");
        }
        System.out.printf("cores: %d, java %s, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (AugmentationType level : LEVELS) { // JIT warm-up
            perCore(mnist, 1, 0, 28, level, 1);
            perCore(large.subList(0, 50), 3, 256, 224, level, 1);
        }
        System.out.println("| data | augmentation_type | images/s per core (per CPU-second of one thread) |");
        System.out.println("|---|---|---|");
        StringBuilder rows = new StringBuilder();
        for (AugmentationType level : LEVELS) {
            report("MNIST PNG 1x28x28", level, perCore(mnist, 1, 0, 28, level, 3), rows);
        }
        for (AugmentationType level : LEVELS) {
            report("JPEG 256x256 -> 3x224x224", level, perCore(large, 3, 256, 224, level, 3), rows);
        }
        if (export != null) {
            Files.writeString(export.resolve("fovea.tsv"), rows);
        }
        System.out.println();
        wholePipeline(channel);
    }

    private static void report(String data, AugmentationType level, double rate, StringBuilder rows) {
        String name = level == null ? "none" : level.sageMakerName();
        System.out.printf("| %s | %s | %.0f |%n", data, name, rate);
        rows.append(String.format(Locale.ROOT, "%s\t%s\t%.1f%n", data, name, rate));
    }

    private static void write(List<byte[]> images, Path folder, String extension) throws Exception {
        Files.createDirectories(folder);
        for (int i = 0; i < images.size(); i++) {
            Files.write(folder.resolve(String.format(Locale.ROOT, "%05d.%s", i, extension)), images.get(i));
        }
    }

    /**
     * Best of {@code rounds} passes over {@code images} on this thread, per second of this thread's CPU time, so the
     * figure means "per core" even when other processes share the machine.
     */
    private static double perCore(List<byte[]> images, int channels, int resize, int crop, AugmentationType level,
            int rounds) throws Exception {
        AugmenterChain chain = AugmenterChain.of(level, true, resize, crop, crop);
        Normalization normalization = Normalization.forChannels(channels);
        float[] out = new float[channels * crop * crop];
        double best = 0;
        for (int round = 0; round < rounds; round++) {
            SplittableRandom random = new SplittableRandom(round);
            long start = CPU.getCurrentThreadCpuTime();
            for (byte[] encoded : images) {
                normalization.writeHwc(chain.apply(ImageCodec.decode(encoded, channels), random), out, 0);
            }
            best = Math.max(best, images.size() / ((CPU.getCurrentThreadCpuTime() - start) / 1e9));
        }
        return best;
    }

    private static void wholePipeline(Path channel) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println("| ImageDataset, MNIST 1x28x28, batch 128 | workers | images/s (wall clock) | data-wait s |");
        System.out.println("|---|---|---|---|");
        for (AugmentationType level : LEVELS) {
            try (ImageDataset dataset = ImageDataset.builder().setSource(RecordIoSource.open(channel))
                            .setImageShape(1, 28, 28).setTraining(true).optAugmentation(level).setBatchSize(128)
                            .setNumClasses(10).optWorkers(cores).optPrefetch(4).build();
                    NDManager manager = NDManager.newBaseManager()) {
                double best = 0;
                for (int epoch = 0; epoch < 3; epoch++) {
                    dataset.setEpoch(epoch);
                    long start = System.nanoTime();
                    long images = 0;
                    for (Batch batch : dataset.getData(manager)) {
                        images += batch.getSize();
                        batch.close();
                    }
                    best = Math.max(best, images / ((System.nanoTime() - start) / 1e9));
                }
                System.out.printf("| %s | %d | %.0f | %.3f |%n", level == null ? "none" : level.sageMakerName(), cores,
                        best, dataset.stats().dataWaitSeconds());
            }
        }
    }

    private static byte[] toLargeJpeg(byte[] png) throws Exception {
        Pixels digit = Resize.to(ImageCodec.decode(png, 3), 256, 256);
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                int v = digit.get(x, y, 0);
                image.setRGB(x, y, (v << 16) | ((255 - v) / 2 + x / 4) << 8 | y);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
