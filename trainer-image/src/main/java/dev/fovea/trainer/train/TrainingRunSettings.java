package dev.fovea.trainer.train;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.evaluator.Evaluator;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.train.checkpoint.CheckpointMirror;
import dev.fovea.trainer.train.checkpoint.CheckpointSettings;
import dev.fovea.trainer.train.checkpoint.CheckpointSpace;
import dev.fovea.trainer.train.checkpoint.NetworkSignature;
import dev.fovea.trainer.train.listener.DivergenceGuard;
import dev.fovea.trainer.train.listener.EarlyStopping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a {@link TrainingRun} needs beyond DJL's {@link DefaultTrainingConfig}, built DJL-style: {@code set*} required,
 * {@code opt*} optional, {@code add*} appends. The DJL config holds what DJL's trainer uses: the loss, the optimizer,
 * the devices, the evaluators and the per-batch listeners.
 */
public record TrainingRunSettings(
        Model model,
        DefaultTrainingConfig trainingConfig,
        Shape inputShape,
        TrainingData data,
        GradientExchange exchange,
        int epochs,
        CheckpointSettings checkpoints,
        EarlyStopping earlyStopping,
        int divergenceLimit,
        long dataSeed,
        List<RunListener> runListeners) {

    public TrainingRunSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(trainingConfig, "trainingConfig");
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(earlyStopping, "earlyStopping");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        int evaluators = trainingConfig.getEvaluators().size();
        if (evaluators < 1 || evaluators > 2) {
            throw new IllegalArgumentException(
                    "the training config needs the accuracy and at most a top-k accuracy, got " + evaluators
                            + " evaluators");
        }
        runListeners = List.copyOf(runListeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The config's first evaluator, the top-1 accuracy. */
    Evaluator accuracy() {
        return trainingConfig.getEvaluators().getFirst();
    }

    /** The config's second evaluator, the top-k accuracy, or {@code null} when the job reports none. */
    Evaluator topKAccuracy() {
        List<Evaluator> evaluators = trainingConfig.getEvaluators();
        return evaluators.size() > 1 ? evaluators.get(1) : null;
    }

    /** Builds {@link TrainingRunSettings}. */
    public static final class Builder {

        private Model model;
        private DefaultTrainingConfig trainingConfig;
        private Shape inputShape;
        private TrainingData data;
        private GradientExchange exchange;
        private int epochs;
        private CheckpointSettings checkpoints;
        private EarlyStopping earlyStopping = new EarlyStopping(false, 1, 1, 0);
        private int divergenceLimit = DivergenceGuard.DEFAULT_LIMIT;
        private long dataSeed;
        private final List<RunListener> runListeners = new ArrayList<>();

        private Builder() {}

        /** The model whose block is built but not yet initialised (or holds pretrained weights). */
        public Builder setModel(Model model) {
            this.model = model;
            return this;
        }

        /**
         * DJL's config of the trainer: its evaluators are the top-1 accuracy, then the top-k accuracy when the job
         * reports it. The run adds its own listeners to it (the epoch's evaluations, the step count), so each run
         * takes a config of its own.
         */
        public Builder setTrainingConfig(DefaultTrainingConfig trainingConfig) {
            this.trainingConfig = trainingConfig;
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
         * @param frequency every this many epochs, or empty for best-validation checkpoints
         */
        public Builder setCheckpoints(Path directory, boolean writes, OptionalInt frequency) {
            this.checkpoints = CheckpointSettings.local(directory, writes, frequency);
            return this;
        }

        /** What the checkpoints fit (call after {@link #setCheckpoints}); without it, any checkpoint is resumed. */
        public Builder optCheckpointSignature(NetworkSignature signature) {
            checkpoints = checkpoints.withSignature(signature);
            return this;
        }

        /** A durable copy of the checkpoints, uploaded by rank 0 and fetched by every host (after setCheckpoints). */
        public Builder optCheckpointMirror(Optional<CheckpointMirror> mirror) {
            checkpoints = checkpoints.withMirror(mirror);
            return this;
        }

        /** Where the start-up check learns the checkpoint volume's free space (after setCheckpoints). */
        public Builder optFreeSpace(CheckpointSpace.FreeSpace freeSpace) {
            checkpoints = checkpoints.withFreeSpace(freeSpace);
            return this;
        }

        /** Consecutive steps with a NaN or infinite loss that stop training (default {@link DivergenceGuard#DEFAULT_LIMIT}). */
        public Builder optDivergenceLimit(int steps) {
            this.divergenceLimit = steps;
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

        public TrainingRunSettings build() {
            return new TrainingRunSettings(
                    model,
                    trainingConfig,
                    inputShape,
                    data,
                    exchange,
                    epochs,
                    checkpoints,
                    earlyStopping,
                    divergenceLimit,
                    dataSeed,
                    runListeners);
        }
    }
}
