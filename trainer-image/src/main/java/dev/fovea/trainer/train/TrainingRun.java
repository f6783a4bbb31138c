package dev.fovea.trainer.train;

import ai.djl.Model;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import dev.fovea.trainer.train.checkpoint.BlockParameters;
import dev.fovea.trainer.train.checkpoint.CheckpointPart;
import dev.fovea.trainer.train.checkpoint.CheckpointRetention;
import dev.fovea.trainer.train.checkpoint.CheckpointSettings;
import dev.fovea.trainer.train.checkpoint.CheckpointSpace;
import dev.fovea.trainer.train.checkpoint.CheckpointState;
import dev.fovea.trainer.train.checkpoint.CheckpointStore;
import dev.fovea.trainer.train.checkpoint.Checkpoints;
import dev.fovea.trainer.train.checkpoint.ExchangeStatePart;
import dev.fovea.trainer.train.checkpoint.OptimizerStatePart;
import dev.fovea.trainer.train.checkpoint.Resumption;
import dev.fovea.trainer.train.listener.CheckpointListener;
import dev.fovea.trainer.train.listener.DivergenceGuard;
import dev.fovea.trainer.train.listener.EarlyStopping;
import dev.fovea.trainer.train.listener.EpochEvaluations;
import dev.fovea.trainer.train.listener.StepCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's training, from a built network to trained weights: resumes from the newest intact checkpoint, creates
 * the DJL {@link Trainer} (on every device of the config), checks that a checkpoint will fit on the volume, starts the
 * exchange and runs the {@link TrainLoop}. Parameters are loaded before the trainer exists because DJL's
 * {@code ParameterStore} mirrors them when it is first used.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private final TrainingRunSettings settings;
    private final StepCounter steps = new StepCounter();

    public TrainingRun(TrainingRunSettings settings) {
        this.settings = settings;
    }

    /** Trains the remaining epochs; the model's block holds the trained weights afterwards. */
    public RunResult run() {
        CheckpointSettings plan = settings.checkpoints();
        CheckpointStore store = new CheckpointStore(plan.directory(), CheckpointRetention.RETAINED);
        if (plan.writes()) {
            store.prepareForWriting();
        }
        Checkpoints checkpoints = new Checkpoints(store, parts(), plan.mirror());
        int firstEpoch = start(checkpoints.restore(plan.signature(), settings.epochs()));
        EpochEvaluations evaluations = new EpochEvaluations(
                settings.accuracy(), settings.topKAccuracy(), trainingConfig().getLossFunction());
        trainingConfig()
                .addTrainingListeners(
                        evaluations,
                        steps,
                        new DivergenceGuard(
                                trainingConfig().getLossFunction(), settings.divergenceLimit(), steps::steps));
        GradientExchange exchange = settings.exchange();
        try (Trainer trainer = settings.model().newTrainer(trainingConfig())) {
            trainer.initialize(settings.inputShape());
            if (plan.storesLocally()) {
                CheckpointSpace.check(plan.directory(), checkpointSize(), plan.freeSpace());
            }
            exchange.start(trainer);
            List<RunListener> listeners = new ArrayList<>(settings.runListeners());
            listeners.add(checkpointListener(checkpoints, () -> exchange.synchronizeForCheckpoint(trainer)));
            EarlyStopping earlyStopping = settings.earlyStopping();
            List<EpochMetrics> history = new TrainLoop(
                            trainer, exchange, settings.data(), evaluations, earlyStopping, listeners)
                    .run(firstEpoch, settings.epochs());
            exchange.finish();
            trainer.notifyListeners(listener -> listener.onTrainingEnd(trainer));
            return new RunResult(firstEpoch, history, earlyStopping.shouldStop(), steps.steps());
        }
    }

    private DefaultTrainingConfig trainingConfig() {
        return settings.trainingConfig();
    }

    /** The parameters, the optimizer's state when it keeps any (Fovea's optimizers do), and the exchange's state. */
    private List<CheckpointPart> parts() {
        Model model = settings.model();
        List<CheckpointPart> parts = new ArrayList<>();
        parts.add(new BlockParameters(model.getBlock(), model.getNDManager()));
        optimizer()
                .ifPresent(optimizer ->
                        parts.add(new OptimizerStatePart(optimizer, model.getBlock(), model.getNDManager())));
        parts.add(new ExchangeStatePart(settings.exchange()));
        return parts;
    }

    private Optional<FoveaOptimizer> optimizer() {
        return trainingConfig().getOptimizer() instanceof FoveaOptimizer optimizer
                ? Optional.of(optimizer)
                : Optional.empty();
    }

    private CheckpointSpace.Need checkpointSize() {
        int slots = optimizer().map(FoveaOptimizer::slotsPerParameter).orElse(0);
        return CheckpointSpace.of(settings.model().getBlock(), slots);
    }

    /** Says how the run starts and continues a restored checkpoint's record; returns the first epoch to train. */
    private int start(Resumption resumption) {
        resumption.notice().ifPresent(notice -> {
            LOG.warn("{}", notice);
            settings.runListeners().forEach(listener -> listener.onCheckpointsSkipped(notice));
        });
        if (resumption.restored().isEmpty()) {
            return 0;
        }
        Resumption.Restored restored = resumption.restored().get();
        CheckpointState state = restored.state();
        LOG.info(
                "Resuming at epoch {} after {} updates from {}",
                state.nextEpoch(),
                state.updateCount(),
                restored.directory());
        steps.resumeAt(state.updateCount());
        settings.earlyStopping().restore(state.best(), state.improvementBaseline(), state.epochsWithoutImprovement());
        RunListener.Resume resume = new RunListener.Resume(
                restored.name(), state.nextEpoch(), state.updateCount(), state.bestValidationAccuracy());
        settings.runListeners().forEach(listener -> listener.onResumed(resume));
        return state.nextEpoch();
    }

    private CheckpointListener checkpointListener(Checkpoints checkpoints, Runnable synchronize) {
        EarlyStopping earlyStopping = settings.earlyStopping();
        CheckpointSettings plan = settings.checkpoints();
        return new CheckpointListener(
                checkpoints,
                plan.frequency(),
                settings.epochs(),
                earlyStopping,
                epoch -> new CheckpointState(
                        plan.signature().values(),
                        epoch + 1,
                        steps.steps(),
                        settings.dataSeed(),
                        earlyStopping.bestValidationAccuracy().isPresent()
                                ? earlyStopping.bestValidationAccuracy().getAsDouble()
                                : null,
                        earlyStopping.improvementBaseline(),
                        earlyStopping.epochsWithoutImprovement()),
                synchronize,
                plan.writes(),
                directory -> settings.runListeners().forEach(listener -> listener.onCheckpointWritten(directory)));
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
