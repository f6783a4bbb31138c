import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.Optimizer;
import dev.fovea.trainer.data.pipeline.ChannelsLast;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.model.ResNets;
import dev.fovea.trainer.optimizer.Optimizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * One Fovea training-step benchmark run: a ResNet from {@code ResNets} trained through DJL's
 * {@code Trainer} with Fovea's SGD (momentum 0.9, weight decay 1e-4) on a fixed random batch, the
 * same recipe as {@code torch_step.py}, whose torchvision-style nets {@code ResNets} builds alike;
 * {@code NETWORK=sagemaker} in the environment trains SageMaker's pre-activation network instead
 * ({@code SageMakerResNet}, what jobs train), which {@code torch_step.py} has no twin of. The batch is laid out as the data pipeline lays it out
 * ({@code ChannelsLast}); {@code LAYOUT=nchw} in the environment gives the network a plain N×C×H×W batch instead,
 * as before that change. Prints one tab-separated line: {@code fovea depth channels
 * size batch parameters images_per_second peak_rss_mib}.
 *
 * <p>Usage: {@code java -cp <trainer classpath> TrainingThroughput.java depth channels size batch
 * warmupSteps timedSteps [trainer|direct] [profile.json]}: {@code trainer} (default) updates
 * through {@code trainer.step()}, as the training loop does; {@code direct} through {@code
 * FoveaOptimizer.updateAll}, which skips DJL's per-parameter gradient copy. With a profile path,
 * the timed steps run under libtorch's autograd profiler, which writes a chrome trace there for
 * {@code compare_profiles.py}.
 */
public final class TrainingThroughput {

    public static void main(String[] args) throws IOException {
        int depth = Integer.parseInt(args[0]);
        int channels = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int steps = Integer.parseInt(args[5]);
        boolean direct = args.length > 6 && args[6].equals("direct");
        String profile = args.length > 7 ? args[7] : null;
        int classes = ResNets.isCifarDepth(depth) ? 10 : 1000;
        Shape input = new Shape(batch, channels, size, size);

        HyperParameters spec = new HyperParameters();
        spec.setNumClasses(classes);
        spec.setNumTrainingSamples(batch);
        spec.setOptimizer(Optimizer.SGD);
        spec.setMomentum(0.9);
        spec.setWeightDecay(0.0001);
        ResolvedHyperParameters hp = ResolvedHyperParameters.resolve(spec);
        try (Model model = Model.newInstance("resnet-" + depth);
                var optimizer = Optimizers.create(hp, Tracker.fixed(0.01f), 1f)) {
            NetworkFamily network = "sagemaker".equals(System.getenv("NETWORK"))
                    ? NetworkFamily.SAGEMAKER
                    : NetworkFamily.TORCHVISION;
            model.setBlock(network.build(depth, classes, new Shape(channels, size, size)));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(input);
                NDManager manager = trainer.getManager();
                NDArray images = "nchw".equals(System.getenv("LAYOUT"))
                        ? manager.randomNormal(input)
                        : ChannelsLast.batch(manager, randomNormal(input), batch, input.slice(1));
                NDArray labels = manager.randomInteger(0, classes, new Shape(batch), ai.djl.ndarray.types.DataType.INT64);
                Runnable update =
                        direct ? () -> optimizer.updateAll(model.getBlock().getParameters()) : trainer::step;
                for (int i = 0; i < warmup; i++) {
                    step(trainer, update, images, labels);
                }
                if (profile != null) {
                    JniUtils.startProfile(false, false, false);
                }
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    step(trainer, update, images, labels);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (profile != null) {
                    JniUtils.stopProfile(profile);
                }
                System.out.printf(
                        Locale.ROOT,
                        "fovea\t%d\t%d\t%d\t%d\t%d\t%.2f\t%.0f%n",
                        depth, channels, size, batch, trainableParameters(model), batch * steps / seconds,
                        peakRssMib());
            }
        }
    }

    /** forward, loss, backward, optimizer step; the loss read back to Java, like loss.item(). */
    private static void step(Trainer trainer, Runnable update, NDArray images, NDArray labels) {
        try (NDManager stepManager = trainer.getManager().newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(stepManager);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray scores = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(scores));
                collector.backward(loss);
                loss.getFloat();
            }
            update.run();
        }
    }

    private static float[] randomNormal(Shape shape) {
        Random random = new Random(42);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static long trainableParameters(Model model) {
        return model.getBlock().getParameters().values().stream()
                .filter(ai.djl.nn.Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    /** The process's peak resident set size (VmHWM) in MiB. */
    private static double peakRssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
