package dev.fovea.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import dev.fovea.trainer.exchange.ExchangeSettings;
import dev.fovea.trainer.exchange.GradientExchanges;
import dev.fovea.trainer.exchange.HostGroup;
import dev.fovea.trainer.exchange.params.Mirrors;
import dev.fovea.trainer.optimizer.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

/**
 * A small real training job for loop-level tests: a two-layer MLP on three Gaussian blobs, trained with Fovea's SGD
 * (momentum 0.9, so the optimizer has state a checkpoint must carry), data in a fixed order.
 */
final class TinyTraining implements AutoCloseable {

    static final int FEATURES = 8;
    static final int CLASSES = 3;
    static final int BATCH = 16;

    private final NDManager data = NDManager.newBaseManager();
    private final Model model;
    private final Sgd optimizer;
    private final Precision precision;
    final ArrayDataset train;
    final ArrayDataset validation;

    TinyTraining(long initSeed) {
        this(initSeed, 0.05f);
    }

    /** The same job at another learning rate (a huge one makes it diverge). */
    TinyTraining(long initSeed, float learningRate) {
        this(initSeed, Tracker.fixed(learningRate));
    }

    /** The same job with a learning rate that follows {@code learningRate} over the updates. */
    TinyTraining(long initSeed, Tracker learningRate) {
        this(initSeed, learningRate, false);
    }

    /** The same job, in mixed float16 precision when {@code float16} (on the CPU's half tensors). */
    TinyTraining(long initSeed, Tracker learningRate, boolean float16) {
        Random random = new Random(7);
        train = blobs(random, 192);
        validation = blobs(random, 48);
        Engine.getInstance().setRandomSeed((int) initSeed);
        model = Model.newInstance("tiny");
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(CLASSES).build());
        net.setInitializer(new NormalInitializer(0.3f), Parameter.Type.WEIGHT);
        model.setBlock(net);
        precision = new Precision(new Device[] {Device.cpu()}, float16);
        precision.prepare(model);
        optimizer = new Sgd(learningRate, 1f, 0f, 0.9f);
    }

    private ArrayDataset blobs(Random random, int count) {
        float[] features = new float[count * FEATURES];
        float[] labels = new float[count];
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES;
            labels[i] = label;
            for (int f = 0; f < FEATURES; f++) {
                features[i * FEATURES + f] = (f % CLASSES == label ? 1.5f : 0f) + (float) random.nextGaussian();
            }
        }
        return new ArrayDataset.Builder()
                .setData(data.create(features, new Shape(count, FEATURES)))
                .optLabels(data.create(labels, new Shape(count)))
                .setSampling(BATCH, false)
                .build();
    }

    /** A fresh DJL config: softmax cross-entropy, accuracy, this job's SGD, on the CPU. */
    DefaultTrainingConfig trainingConfig() {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer)
                .optDevices(new Device[] {Device.cpu()})
                .addEvaluator(new Accuracy());
    }

    /** Settings for {@code epochs} epochs with checkpoints every {@code frequency} epochs in {@code checkpoints}. */
    TrainingRunSettings.Builder settings(int epochs, Path checkpoints, int frequency) {
        return TrainingRunSettings.builder()
                .setModel(model)
                .setTrainingConfig(trainingConfig())
                .setInputShape(new Shape(BATCH, FEATURES))
                .setData(new TrainingData(train, validation, epoch -> {}))
                .setExchange(precision.exchange(GradientExchanges.create(
                        null,
                        new HostGroup(List.of("algo-1"), List.of("localhost"), 0),
                        ExchangeSettings.defaults(""),
                        null)))
                .setEpochs(epochs)
                .setCheckpoints(checkpoints, true, OptionalInt.of(frequency));
    }

    /** The model's accuracy on the validation blobs, computed from its block's current weights. */
    double validationAccuracy() {
        try (NDManager scratch = data.newSubManager()) {
            long correct = 0;
            long count = 0;
            for (Batch batch : validation.getData(scratch)) {
                NDArray scores = model.getBlock()
                        .forward(new ParameterStore(scratch, false), batch.getData(), false)
                        .singletonOrThrow();
                correct += scores.argMax(1)
                        .toType(DataType.FLOAT32, false)
                        .eq(batch.getLabels().singletonOrThrow())
                        .sum()
                        .getLong();
                count += batch.getSize();
                batch.close();
            }
            return (double) correct / count;
        } catch (IOException | TranslateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trained weights by parameter name, copied to Java arrays. */
    Map<String, float[]> weights() {
        Map<String, float[]> weights = new LinkedHashMap<>();
        model.getBlock().getParameters().forEach(pair -> {
            NDArray array = pair.getValue().getArray();
            weights.put(pair.getKey(), Mirrors.floats(array));
        });
        return weights;
    }

    @Override
    public void close() {
        optimizer.close();
        model.close();
        data.close();
    }
}
