package dev.fovea.trainer.train;

import ai.djl.Model;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.TrainingListener;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.train.checkpoint.BlockParameters;
import dev.fovea.trainer.train.checkpoint.CheckpointPart;
import dev.fovea.trainer.train.checkpoint.CheckpointState;
import dev.fovea.trainer.train.checkpoint.CheckpointStore;
import dev.fovea.trainer.train.checkpoint.Checkpoints;
import dev.fovea.trainer.train.checkpoint.ExchangeStatePart;
import dev.fovea.trainer.train.listener.CheckpointListener;
import dev.fovea.trainer.train.listener.EarlyStopping;
import dev.fovea.trainer.train.listener.EpochEvaluations;
import dev.fovea.trainer.train.listener.StepCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's training, from a built network to trained weights: resumes from the newest checkpoint, creates the DJL
 * {@link Trainer} (on every given device), starts the exchange and runs the {@link TrainLoop}. Parameters are loaded
 * before the trainer exists because DJL's {@code ParameterStore} mirrors them when it is first used.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private final TrainingRunSettings settings;

    public TrainingRun(TrainingRunSettings settings) {
        this.settings = settings;
    }

    /** Trains the remaining epochs; the model's block holds the trained weights afterwards. */
    public RunResult run() {
        Model model = settings.model();
        List<CheckpointPart> parts = new ArrayList<>();
        parts.add(new BlockParameters(model.getBlock(), model.getNDManager()));
        settings.optimizerState().ifPresent(parts::add);
        parts.add(new ExchangeStatePart(settings.exchange()));
        Checkpoints checkpoints = new Checkpoints(new CheckpointStore(settings.checkpointDirectory(), 3), parts);
        EarlyStopping earlyStopping = settings.earlyStopping();
        StepCounter steps = new StepCounter();

        if (settings.writesCheckpoints()) {
            checkpoints.checkWritable();
        }
        Optional<Checkpoints.Restored> resumed = checkpoints.restoreNewest();
        int firstEpoch = resumed.map(restored -> restored.state().nextEpoch()).orElse(0);
        resumed.ifPresent(restored -> {
            CheckpointState state = restored.state();
            LOG.info(
                    "Resuming at epoch {} after {} updates from {}",
                    state.nextEpoch(),
                    state.updateCount(),
                    restored.directory());
            steps.resumeAt(state.updateCount());
            earlyStopping.restore(state.bestValidationAccuracy(), state.epochsWithoutImprovement());
        });
        List<RunListener> listeners = settings.runListeners();
        resumed.ifPresent(restored -> {
            RunListener.Resume resume = new RunListener.Resume(
                    restored.directory().getFileName().toString(),
                    restored.state().nextEpoch(),
                    restored.state().updateCount());
            listeners.forEach(listener -> listener.onResumed(resume));
        });

        Evaluator accuracy = settings.accuracy();
        EpochEvaluations evaluations = new EpochEvaluations(accuracy, settings.topKAccuracy(), settings.loss());
        DefaultTrainingConfig config = new DefaultTrainingConfig(settings.loss())
                .optOptimizer(settings.optimizer())
                .optDevices(settings.devices())
                .addEvaluator(accuracy)
                .addTrainingListeners(evaluations, steps)
                .addTrainingListeners(settings.trainingListeners().toArray(TrainingListener[]::new));
        if (settings.topKAccuracy() != null) {
            config.addEvaluator(settings.topKAccuracy());
        }

        GradientExchange exchange = settings.exchange();
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(settings.inputShape());
            exchange.start(trainer);
            List<RunListener> loopListeners = new ArrayList<>(listeners);
            loopListeners.add(new CheckpointListener(
                    checkpoints,
                    settings.checkpointFrequency(),
                    settings.epochs(),
                    earlyStopping,
                    epoch -> new CheckpointState(
                            epoch + 1,
                            steps.steps(),
                            settings.dataSeed(),
                            earlyStopping.bestValidationAccuracy(),
                            earlyStopping.epochsWithoutImprovement()),
                    () -> exchange.synchronizeForCheckpoint(trainer),
                    settings.writesCheckpoints(),
                    directory -> listeners.forEach(listener -> listener.onCheckpointWritten(directory))));
            TrainLoop loop =
                    new TrainLoop(trainer, exchange, settings.data(), evaluations, earlyStopping, loopListeners);
            List<EpochMetrics> history = loop.run(firstEpoch, settings.epochs());
            exchange.finish();
            trainer.notifyListeners(listener -> listener.onTrainingEnd(trainer));
            return new RunResult(firstEpoch, history, earlyStopping.shouldStop(), steps.steps());
        }
    }

    /**
     * What a run did.
     *
     * @param firstEpoch the epoch it started at (after a resume, the checkpoint's next epoch)
     * @param epochs the metrics of each epoch it trained
     * @param stoppedEarly whether early stopping ended it before the last epoch
     * @param steps optimizer steps in total, including those before a resume
     */
    public record RunResult(int firstEpoch, List<EpochMetrics> epochs, boolean stoppedEarly, long steps) {

        /** The last epoch's metrics, if it trained any. */
        public Optional<EpochMetrics> last() {
            return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.getLast());
        }
    }
}
