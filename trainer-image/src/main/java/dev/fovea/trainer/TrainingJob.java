package dev.fovea.trainer;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import dev.fovea.api.contract.Ports;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.KvStore;
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
import dev.fovea.trainer.pretrained.ModelChannel;
import dev.fovea.trainer.publish.CheckpointedEpochs;
import dev.fovea.trainer.publish.ModelPublisher;
import dev.fovea.trainer.rendezvous.LauncherRendezvous;
import dev.fovea.trainer.rendezvous.PortReport;
import dev.fovea.trainer.stop.StopListener;
import dev.fovea.trainer.stop.StopRequest;
import dev.fovea.trainer.train.JobDatasets;
import dev.fovea.trainer.train.JobNetwork;
import dev.fovea.trainer.train.OptimizerPlan;
import dev.fovea.trainer.train.Precision;
import dev.fovea.trainer.train.TrainingRun;
import dev.fovea.trainer.train.TrainingRun.RunResult;
import dev.fovea.trainer.train.TrainingRunSettings;
import dev.fovea.trainer.train.checkpoint.CheckpointMirror;
import dev.fovea.trainer.train.checkpoint.NetworkSignature;
import dev.fovea.trainer.train.checkpoint.S3CheckpointMirror;
import dev.fovea.trainer.train.listener.EarlyStopping;
import dev.fovea.trainer.train.listener.SageMakerLogLines;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
    private final StopRequest stop;

    public TrainingJob(TrainerEnvironment environment) {
        this(environment, StopRequest.never());
    }

    /** A job that stops between two steps when {@code stop} is requested. */
    public TrainingJob(TrainerEnvironment environment, StopRequest stop) {
        this.environment = environment;
        this.stop = stop;
    }

    /** Trains; throws what ended it otherwise ({@link TrainerFailure} turns that into the exit code). */
    public TrainingResult run() {
        long start = System.nanoTime();
        TerminationMessage termination = TerminationMessage.fromEnvironment(environment.terminationLog());
        ProgressBoard progress = null;
        try {
            JobConfig config = JobConfig.read(environment.mlRoot());
            ProgressBoard board = new ProgressBoard(
                    config.hyperParameters().epochs(), config.resources().hostCount());
            progress = board;
            stop.onHalt(() -> stop.reason()
                    .ifPresent(reason ->
                            termination.write(board.failed().failedWith("Terminated: stopped by " + reason.why()))));
            TrainingResult result = train(config, board, start);
            termination.write(result.progress());
            return result;
        } catch (RuntimeException | Error e) {
            Progress last = progress == null ? ProgressBoard.failedBeforeStart() : progress.failed();
            termination.write(last.failedWith(TrainerFailure.of(e, stop).reason()));
            throw e;
        }
    }

    private TrainingResult train(JobConfig config, ProgressBoard progress, long start) {
        ResolvedHyperParameters hp = config.hyperParameters();
        ModelPublisher publisher = ModelPublisher.forHost(
                config.rankZero(),
                environment.mlRoot().modelDir(),
                environment.mlRoot().outputDir(),
                environment.variables(),
                environment.jobName());
        Optional<CheckpointMirror> checkpointCopies = S3CheckpointMirror.fromEnvironment(environment.variables());
        Precision precision = Precision.choose(hp.precisionDtype());
        precision.checkBatchSplits(hp.miniBatchSize());
        Engine.getInstance().setRandomSeed((int) environment.seed());
        stop.check("before the data was opened");
        PortReport ports = new PortReport(environment.mlRoot());
        try (JobDatasets data = openData(config);
                Model model = Model.newInstance("fovea")) {
            TrainerMetrics metrics = new TrainerMetrics(
                    environment.jobName(),
                    config.resources().currentHost(),
                    hp.epochs(),
                    () -> data.train().stats().dataWaitSeconds());
            OptimizerPlan optimizers =
                    new OptimizerPlan(hp, config.resources().hostCount(), precision.devices().length, model);
            try (ObserveServer server = startObserving(metrics, progress, ports);
                    GradientExchange exchange = precision.exchange(exchange(config, optimizers, metrics, ports))) {
                stop.check("before the network was built");
                Optional<ModelChannel> modelChannel =
                        ModelChannel.open(environment.mlRoot().channelDir(ChannelName.MODEL));
                NetworkFamily family;
                Block network;
                try {
                    family = JobNetwork.family(hp, modelChannel);
                    network = JobNetwork.prepare(model, family, hp, modelChannel, precision);
                } finally {
                    modelChannel.ifPresent(ModelChannel::close);
                }
                Optional<CheckpointedEpochs> checkpointedEpochs = CheckpointedEpochs.forJob(
                        environment.mlRoot().checkpointsDir(), hp.checkpointFrequency(), config.rankZero(), network);
                try (FoveaOptimizer optimizer = optimizers.forJob()) {
                    DefaultTrainingConfig trainingConfig = trainingConfig(hp, data, optimizer, precision)
                            .addTrainingListeners(metrics, progress, new StopListener(stop));
                    TrainingRunSettings.Builder settings = settings(
                                    config, model, family, trainingConfig, data, exchange)
                            .optCheckpointMirror(checkpointCopies)
                            .addRunListener(new SageMakerLogLines(hp.topK().orElse(0), LOG::info))
                            .addRunListener(metrics)
                            .addRunListener(progress);
                    checkpointedEpochs.ifPresent(settings::addRunListener);
                    RunResult run = new TrainingRun(settings.build()).run();
                    precision.finish(model, network, () -> JobNetwork.float32Network(family, hp, model.getNDManager()));
                    int epoch = run.modelEpoch().orElse(hp.epochs() - 1);
                    ModelPublisher.Publication published = publisher.publish(
                            model,
                            family,
                            hp,
                            epoch,
                            checkpointedEpochs
                                    .map(epochs -> epochs.before(epoch))
                                    .orElse(List.of()));
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
                environment.seed(),
                environment.maxImagePixels());
    }

    /** {@code /metrics} and {@code /progress}, reported to the launcher once listening. */
    private ObserveServer startObserving(TrainerMetrics metrics, ProgressBoard progress, PortReport ports) {
        ObserveServer server = ObserveServer.start(environment.observeAddress(), metrics.registry(), progress::current);
        LOG.info("Serving {} and {} on port {}", Ports.METRICS_PATH, Ports.PROGRESS_PATH, server.port());
        try {
            ports.observe(server.port());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * The gradient exchange of the hosts; a dist_async shard server optimizes with its own schedule. Its port goes to
     * the launcher, which gives the peers theirs where every host binds a free one.
     */
    private GradientExchange exchange(
            JobConfig config, OptimizerPlan optimizers, TrainerMetrics metrics, PortReport ports) {
        ExchangeSettings settings = ExchangeSettings.fromEnvironment(environment.variables());
        return GradientExchanges.create(
                config.hyperParameters().exchangeMode(),
                config.resources(),
                settings.toBuilder()
                        .meterRegistry(metrics.registry())
                        .peerAddresses(
                                new LauncherRendezvous(environment.mlRoot(), ports, settings.startupTimeout(), stop))
                        .build(),
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
            NetworkFamily family,
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
                .optCheckpointSignature(NetworkSignature.of(hp, family, shardServersKeepOptimizerState(config)))
                .optDivergenceLimit(environment.divergenceLimit())
                .optDataSeed(environment.seed())
                .optEarlyStopping(new EarlyStopping(
                        hp.earlyStopping(),
                        hp.earlyStoppingMinEpochs(),
                        hp.earlyStoppingPatience(),
                        hp.earlyStoppingTolerance()));
    }

    /** dist_async on several hosts: the optimizer state lives on the shard servers, not in each host's optimizer. */
    private static boolean shardServersKeepOptimizerState(JobConfig config) {
        return config.hyperParameters().exchangeMode() == KvStore.DIST_ASYNC
                && config.resources().hostCount() > 1;
    }

    private static TrainingResult finished(
            RunResult run, ModelPublisher.Publication published, Progress last, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("Training finished in {} s: {}", String.format("%.1f", seconds), last.toJson());
        return new TrainingResult(run, published.directory(), last, seconds);
    }
}
