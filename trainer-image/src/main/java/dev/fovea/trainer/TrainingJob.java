package dev.fovea.trainer;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import dev.fovea.api.contract.Ports;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.status.Progress;
import dev.fovea.trainer.evaluator.Evaluators;
import dev.fovea.trainer.evaluator.Losses;
import dev.fovea.trainer.exchange.ExchangeSettings;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.exchange.GradientExchanges;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.observe.ObserveServer;
import dev.fovea.trainer.observe.ProgressBoard;
import dev.fovea.trainer.observe.TerminationMessage;
import dev.fovea.trainer.observe.TrainerMetrics;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import dev.fovea.trainer.publish.ModelPublisher;
import dev.fovea.trainer.train.JobDatasets;
import dev.fovea.trainer.train.JobNetwork;
import dev.fovea.trainer.train.OptimizerPlan;
import dev.fovea.trainer.train.Precision;
import dev.fovea.trainer.train.TrainingRun;
import dev.fovea.trainer.train.TrainingRun.RunResult;
import dev.fovea.trainer.train.TrainingRunSettings;
import dev.fovea.trainer.train.listener.EarlyStopping;
import dev.fovea.trainer.train.listener.SageMakerLogLines;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's training job, SageMaker's Image Classification algorithm: reads the {@code /opt/ml} contract, builds the
 * data, the ResNet, loss, optimizer, schedule and exchange, trains, and publishes the model (rank 0). Serves metrics
 * and progress while it runs and leaves the final progress as the termination message, also on failure.
 */
public final class TrainingJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);

    private final TrainerEnvironment environment;

    public TrainingJob(TrainerEnvironment environment) {
        this.environment = environment;
    }

    /** Trains; throws what ended it otherwise ({@link TrainerFailure} turns that into the exit code). */
    public TrainingResult run() {
        long start = System.nanoTime();
        TerminationMessage termination = TerminationMessage.fromEnvironment(environment.terminationLog());
        ProgressBoard progress = null;
        try {
            JobConfig config = JobConfig.read(environment.mlRoot());
            progress = new ProgressBoard(
                    config.hyperParameters().epochs(), config.resources().hostCount());
            TrainingResult result = train(config, progress, start);
            termination.write(result.progress());
            return result;
        } catch (RuntimeException | Error e) {
            Progress last = progress == null ? ProgressBoard.failedBeforeStart() : progress.failed();
            termination.write(last.failedWith(TrainerFailure.of(e).reason()));
            throw e;
        }
    }

    private TrainingResult train(JobConfig config, ProgressBoard progress, long start) {
        ResolvedHyperParameters hp = config.hyperParameters();
        ModelPublisher publisher = ModelPublisher.forHost(
                config.rankZero(), environment.mlRoot().modelDir(), environment.variables(), environment.jobName());
        Precision precision = Precision.choose(hp.precisionDtype());
        precision.checkBatchSplits(hp.miniBatchSize());
        Engine.getInstance().setRandomSeed((int) environment.seed());
        try (JobDatasets data = openData(config);
                Model model = Model.newInstance("fovea")) {
            TrainerMetrics metrics = new TrainerMetrics(
                    environment.jobName(),
                    config.resources().currentHost(),
                    hp.epochs(),
                    () -> data.train().stats().dataWaitSeconds());
            OptimizerPlan optimizers =
                    new OptimizerPlan(hp, config.resources().hostCount(), precision.devices().length, model);
            try (ObserveServer server =
                            ObserveServer.start(environment.observePort(), metrics.registry(), progress::current);
                    GradientExchange exchange = exchange(config, optimizers, metrics)) {
                LOG.info("Serving {} and {} on port {}", Ports.METRICS_PATH, Ports.PROGRESS_PATH, server.port());
                Path modelChannel = environment.mlRoot().channelDir(ChannelName.MODEL);
                NetworkFamily family = JobNetwork.family(hp, modelChannel);
                Block network = JobNetwork.prepare(model, family, hp, modelChannel, precision);
                try (FoveaOptimizer optimizer = optimizers.forJob()) {
                    DefaultTrainingConfig trainingConfig =
                            trainingConfig(hp, data, optimizer, precision).addTrainingListeners(metrics, progress);
                    RunResult run = new TrainingRun(settings(config, model, trainingConfig, data, exchange)
                                    .addRunListener(
                                            new SageMakerLogLines(hp.topK().orElse(0), LOG::info))
                                    .addRunListener(metrics)
                                    .addRunListener(progress)
                                    .build())
                            .run();
                    precision.finish(model, network);
                    ModelPublisher.Publication published = publisher.publish(model, family, hp);
                    progress.succeeded(published.artifact());
                    return finished(run, published, progress.current(), start);
                }
            }
        }
    }

    private JobDatasets openData(JobConfig config) {
        return JobDatasets.open(
                environment.mlRoot(),
                config.channels(),
                config.hyperParameters(),
                config.resources().rank(),
                config.resources().hostCount(),
                environment.seed());
    }

    /** The gradient exchange of the hosts; a dist_async shard server optimizes with its own schedule. */
    private GradientExchange exchange(JobConfig config, OptimizerPlan optimizers, TrainerMetrics metrics) {
        return GradientExchanges.create(
                config.hyperParameters().exchangeMode(),
                config.resources(),
                ExchangeSettings.fromEnvironment(environment.variables()).withMeterRegistry(metrics.registry()),
                optimizers::forShardServer);
    }

    /**
     * DJL's config of the job: SageMaker's loss (weighted by the training labels' class frequencies, counted once on
     * every host alike, when {@code use_weighted_loss=1}) and accuracy metrics (accuracy first), the optimizer, the
     * devices.
     */
    private static DefaultTrainingConfig trainingConfig(
            ResolvedHyperParameters hp, JobDatasets data, FoveaOptimizer optimizer, Precision precision) {
        long[] classCounts = null;
        if (hp.useWeightedLoss()) {
            classCounts = data.train().classCounts();
            LOG.info(
                    "Class frequencies of the training labels, for the weighted loss: {}",
                    Arrays.toString(classCounts));
        }
        DefaultTrainingConfig config = new DefaultTrainingConfig(Losses.create(hp, classCounts))
                .optOptimizer(optimizer)
                .optDevices(precision.devices());
        Evaluators.create(hp).forEach(config::addEvaluator);
        return config;
    }

    /** What the run needs beyond DJL's config: this host's batches, the exchange, the checkpoints, early stopping. */
    private TrainingRunSettings.Builder settings(
            JobConfig config,
            Model model,
            DefaultTrainingConfig trainingConfig,
            JobDatasets data,
            GradientExchange exchange) {
        ResolvedHyperParameters hp = config.hyperParameters();
        return TrainingRunSettings.builder()
                .setModel(model)
                .setTrainingConfig(trainingConfig)
                .setInputShape(data.batchShape())
                .setData(data.asTrainingData())
                .setExchange(exchange)
                .setEpochs(hp.epochs())
                .setCheckpoints(environment.mlRoot().checkpointsDir(), config.rankZero(), hp.checkpointFrequency())
                .optDataSeed(environment.seed())
                .optEarlyStopping(new EarlyStopping(
                        hp.earlyStopping(),
                        hp.earlyStoppingMinEpochs(),
                        hp.earlyStoppingPatience(),
                        hp.earlyStoppingTolerance()));
    }

    private static TrainingResult finished(
            RunResult run, ModelPublisher.Publication published, Progress last, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("Training finished in {} s: {}", String.format("%.1f", seconds), last.toJson());
        return new TrainingResult(run, published.directory(), last, seconds);
    }
}
