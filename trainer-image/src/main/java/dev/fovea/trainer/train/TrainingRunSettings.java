package dev.fovea.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.train.checkpoint.CheckpointPart;
import dev.fovea.trainer.train.listener.EarlyStopping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Everything a {@link TrainingRun} needs, built DJL-style: {@code set*} required, {@code opt*} optional. */
public final class TrainingRunSettings {

    private final Builder b;

    private TrainingRunSettings(Builder builder) {
        this.b = builder;
    }

    public static Builder builder() {
        return new Builder();
    }

    Model model() {
        return b.model;
    }

    Loss loss() {
        return b.loss;
    }

    Optimizer optimizer() {
        return b.optimizer;
    }

    Optional<CheckpointPart> optimizerState() {
        return Optional.ofNullable(b.optimizerState);
    }

    Device[] devices() {
        return b.devices;
    }

    Shape inputShape() {
        return b.inputShape;
    }

    TrainingData data() {
        return b.data;
    }

    GradientExchange exchange() {
        return b.exchange;
    }

    int epochs() {
        return b.epochs;
    }

    Evaluator accuracy() {
        return b.accuracy;
    }

    Evaluator topKAccuracy() {
        return b.topKAccuracy;
    }

    Path checkpointDirectory() {
        return b.checkpointDirectory;
    }

    boolean writesCheckpoints() {
        return b.writesCheckpoints;
    }

    Integer checkpointFrequency() {
        return b.checkpointFrequency;
    }

    EarlyStopping earlyStopping() {
        return b.earlyStopping;
    }

    long dataSeed() {
        return b.dataSeed;
    }

    List<RunListener> runListeners() {
        return List.copyOf(b.runListeners);
    }

    List<TrainingListener> trainingListeners() {
        return List.copyOf(b.trainingListeners);
    }

    /** Builds {@link TrainingRunSettings}. */
    public static final class Builder {

        private Model model;
        private Loss loss;
        private Optimizer optimizer;
        private CheckpointPart optimizerState;
        private Device[] devices = {Device.cpu()};
        private Shape inputShape;
        private TrainingData data;
        private GradientExchange exchange;
        private int epochs;
        private Evaluator accuracy = new Accuracy();
        private Evaluator topKAccuracy;
        private Path checkpointDirectory;
        private boolean writesCheckpoints = true;
        private Integer checkpointFrequency;
        private EarlyStopping earlyStopping = new EarlyStopping(false, 1, 1, 0);
        private long dataSeed;
        private final List<RunListener> runListeners = new ArrayList<>();
        private final List<TrainingListener> trainingListeners = new ArrayList<>();

        private Builder() {}

        /** The model whose block is built but not yet initialised (or holds pretrained weights). */
        public Builder setModel(Model model) {
            this.model = model;
            return this;
        }

        public Builder setLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /** The optimizer and, when it keeps state (momentum, moments, update counts), how to checkpoint it. */
        public Builder setOptimizer(Optimizer optimizer, CheckpointPart stateOrNull) {
            this.optimizer = optimizer;
            this.optimizerState = stateOrNull;
            return this;
        }

        /** The batch input shape {@code (N, c, h, w)} the network is initialised with. */
        public Builder setInputShape(Shape inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        public Builder setData(TrainingData data) {
            this.data = data;
            return this;
        }

        public Builder setExchange(GradientExchange exchange) {
            this.exchange = exchange;
            return this;
        }

        public Builder setEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Where checkpoints live (read on start by every host).
         *
         * @param writes whether this host writes them (rank 0 only)
         * @param frequency every this many epochs, or {@code null} for best-validation checkpoints
         */
        public Builder setCheckpoints(Path directory, boolean writes, Integer frequency) {
            this.checkpointDirectory = directory;
            this.writesCheckpoints = writes;
            this.checkpointFrequency = frequency;
            return this;
        }

        /** The devices the batch is split across ({@code miniBatchSize / devices} each); CPU by default. */
        public Builder optDevices(Device... devices) {
            this.devices = devices;
            return this;
        }

        /** The top-1 accuracy (single- or multi-label); DJL's {@link Accuracy} by default. */
        public Builder setAccuracy(Evaluator accuracy) {
            this.accuracy = accuracy;
            return this;
        }

        public Builder optTopKAccuracy(Evaluator topKAccuracy) {
            this.topKAccuracy = topKAccuracy;
            return this;
        }

        public Builder optEarlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        /** The seed that orders the data, stored in checkpoints. */
        public Builder optDataSeed(long dataSeed) {
            this.dataSeed = dataSeed;
            return this;
        }

        /** Told about the run's milestones (resumed, each epoch, each checkpoint), after those added before it. */
        public Builder addRunListener(RunListener listener) {
            runListeners.add(listener);
            return this;
        }

        public Builder addTrainingListener(TrainingListener listener) {
            trainingListeners.add(listener);
            return this;
        }

        public TrainingRunSettings build() {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(loss, "loss");
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(inputShape, "inputShape");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(exchange, "exchange");
            Objects.requireNonNull(checkpointDirectory, "checkpointDirectory");
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            return new TrainingRunSettings(this);
        }
    }
}
