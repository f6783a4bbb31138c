package dev.fovea.trainer.exchange;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import dev.fovea.api.contract.ChannelInput;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.KvStore;
import dev.fovea.trainer.data.pipeline.ImageDataset;
import dev.fovea.trainer.data.pipeline.ImageSources;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import dev.fovea.trainer.optimizer.Sgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One host training a small MLP on the MNIST fixture (RecordIO, through the real {@link ImageDataset}, sharded by
 * rank), then scoring its final model — after {@link GradientExchange#finish}, i.e. what rank 0 would save — on
 * the validation channel. Writes the accuracy to a file.
 *
 * <p>Arguments: {@code mode(dist_sync|dist_async) rank ports(comma-separated) epochs batchPerHost momentum dataDir
 * out}. One port makes it a single host (the local exchange), a baseline for both modes.
 */
public final class MnistWorker {

    private static final float LEARNING_RATE = 0.1f;

    public static void main(String[] args) {
        String mode = args[0];
        int rank = Integer.parseInt(args[1]);
        List<String> ports = List.of(args[2].split(","));
        int epochs = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        float momentum = Float.parseFloat(args[5]);
        Path data = Path.of(args[6]);
        Path out = Path.of(args[7]);
        ExchangeWorker.exitAfter(() -> {
            double accuracy = train(
                    KvStore.valueOf(mode.toUpperCase()),
                    ExchangeWorker.loopback(rank, ports),
                    epochs,
                    batch,
                    momentum,
                    data);
            Files.writeString(out, Double.toString(accuracy));
        });
    }

    private static double train(KvStore mode, HostGroup group, int epochs, int batch, float momentum, Path data)
            throws IOException, TranslateException {
        ExchangeSettings settings = ExchangeSettings.fromEnvironment().toBuilder()
                .timeouts(Duration.ofSeconds(60), Duration.ofSeconds(60))
                .build();
        Engine.getInstance().setRandomSeed(7);
        SequentialBlock net = new SequentialBlock()
                // ImageDataset maps gray pixels to [-1, 1] (mean 0.5, std 0.5), so MNIST's black background is -1:
                // 784 large constant inputs make a plain MLP ill-conditioned (plain SGD crawls, momentum diverges even
                // on one host). Back to [0, 1], background 0, as an MLP wants it.
                .add(x -> new NDList(x.singletonOrThrow().add(1f).mul(0.5f)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(64).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
        try (Model model = Model.newInstance("mnist-mlp");
                ImageDataset train = dataset(data.resolve("train"), batch, true, group.rank(), group.size());
                ImageDataset validation = dataset(data.resolve("validation"), 100, false, 0, 1);
                GradientExchange exchange = GradientExchanges.create(
                        mode, group, settings, () -> sgd(momentum, LEARNING_RATE / group.size()))) {
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(sgd(momentum, LEARNING_RATE)))) {
                trainer.initialize(new Shape(batch, 1, 28, 28));
                exchange.start(trainer);
                for (int epoch = 0; epoch < epochs; epoch++) {
                    long begin = System.nanoTime();
                    long exchangeNanos = 0;
                    train.setEpoch(epoch);
                    for (Batch step : trainer.iterateDataset(train)) {
                        EasyTrain.trainBatch(trainer, step);
                        exchange.step(trainer);
                        exchangeNanos += exchange.stats().lastStep().nanos();
                        step.close();
                    }
                    exchange.endEpoch(trainer, epoch);
                    System.out.printf(
                            "epoch %d: %.1f s, of which exchange %.1f s%n",
                            epoch, (System.nanoTime() - begin) / 1e9, exchangeNanos / 1e9);
                }
                exchange.finish();
                return accuracy(trainer, validation);
            }
        }
    }

    /** SGD at lr 0.1 with {@code momentum}; the dist_async shard servers build the same. */
    /** As TrainingJob builds them, a dist_async shard server's optimizer takes 1/N of the rate per push. */
    static FoveaOptimizer sgd(float momentum, float learningRate) {
        return new Sgd(Tracker.fixed(learningRate), 1f, 0f, momentum);
    }

    private static ImageDataset dataset(Path channel, int batch, boolean training, int rank, int shards)
            throws IOException {
        return ImageDataset.builder()
                .setSource(ImageSources.forChannel(channel, null, ChannelInput.of(ContentType.RECORDIO)))
                .setImageShape(1, 28, 28)
                .setTraining(training)
                .setBatchSize(batch)
                .setNumClasses(10)
                .optShard(rank, shards)
                .optSeed(11)
                .optWorkers(1)
                .build();
    }

    private static double accuracy(Trainer trainer, ImageDataset validation) throws IOException, TranslateException {
        long correct = 0;
        long total = 0;
        for (Batch batch : trainer.iterateDataset(validation)) {
            NDArray predicted =
                    trainer.evaluate(batch.getData()).singletonOrThrow().argMax(1);
            NDArray labels = batch.getLabels().singletonOrThrow().toType(predicted.getDataType(), false);
            correct += predicted.eq(labels).countNonzero().getLong();
            total += labels.size();
            batch.close();
        }
        return (double) correct / total;
    }

    private MnistWorker() {}
}
