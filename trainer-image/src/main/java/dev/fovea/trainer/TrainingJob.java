package dev.fovea.trainer;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fovea.api.contract.HyperParameterContract;
import dev.fovea.api.contract.InputDataConfigFile;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.Ports;
import dev.fovea.api.contract.ResourceConfigFile;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.status.Progress;
import dev.fovea.trainer.evaluator.Evaluators;
import dev.fovea.trainer.evaluator.Losses;
import dev.fovea.trainer.exchange.ExchangeSettings;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.exchange.GradientExchanges;
import dev.fovea.trainer.model.ResNets;
import dev.fovea.trainer.observe.ObserveServer;
import dev.fovea.trainer.observe.ProgressBoard;
import dev.fovea.trainer.observe.TerminationMessage;
import dev.fovea.trainer.observe.TrainerMetrics;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import dev.fovea.trainer.optimizer.Optimizers;
import dev.fovea.trainer.output.ModelDirectory;
import dev.fovea.trainer.output.ModelUpload;
import dev.fovea.trainer.output.PretrainedWeights;
import dev.fovea.trainer.schedule.LearningRateSchedules;
import dev.fovea.trainer.train.JobDatasets;
import dev.fovea.trainer.train.Precision;
import dev.fovea.trainer.train.TrainingRun;
import dev.fovea.trainer.train.TrainingRun.RunResult;
import dev.fovea.trainer.train.TrainingRunSettings;
import dev.fovea.trainer.train.checkpoint.OptimizerStatePart;
import dev.fovea.trainer.train.listener.EarlyStopping;
import dev.fovea.trainer.train.listener.SageMakerLogLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's training job, SageMaker's Image Classification algorithm: reads the {@code /opt/ml} contract, builds the
 * data, the ResNet, loss, optimizer, schedule and exchange, trains, and writes the model (rank 0; also uploaded as
 * {@code model.tar.gz} when the job's output is S3). Serves metrics and progress while it runs and leaves the final
 * progress as the termination message, also on failure.
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
                    config.hyperParameters().getEpochs(), config.resources().hostCount());
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
        HyperParameters hp = config.hyperParameters();
        ResourceConfigFile resources = config.resources();
        MlRoot root = environment.mlRoot();
        boolean rankZero = resources.rank() == 0;
        // Read before training, so that a malformed S3 output fails the job at once, not after the last epoch.
        Optional<ModelUpload> upload = rankZero
                ? ModelUpload.fromEnvironment(environment.variables(), environment.jobName())
                : Optional.empty();
        int[] shape = JobDatasets.imageShape(hp.getImageShape());
        Precision precision = Precision.choose(hp.getPrecisionDtype());
        Engine.getInstance().setRandomSeed((int) environment.seed());
        try (JobDatasets data = JobDatasets.open(
                        root, config.channels(), hp, resources.rank(), resources.hostCount(), environment.seed());
                Model model = Model.newInstance("fovea")) {
            TrainerMetrics metrics = new TrainerMetrics(
                    environment.jobName(),
                    resources.currentHost(),
                    hp.getEpochs(),
                    () -> data.train().stats().dataWaitSeconds());
            Tracker schedule = LearningRateSchedules.create(hp, data.train().batchesPerEpoch());
            try (ObserveServer server =
                            ObserveServer.start(environment.observePort(), metrics.registry(), progress::current);
                    FoveaOptimizer optimizer = Optimizers.create(hp, schedule, 1f);
                    GradientExchange exchange = GradientExchanges.create(
                            hp.getKvStore(),
                            resources,
                            ExchangeSettings.fromEnvironment(environment.variables())
                                    .withMeterRegistry(metrics.registry()),
                            () -> Optimizers.create(
                                    hp,
                                    LearningRateSchedules.forShardServer(
                                            hp, data.train().batchesPerEpoch(), resources.hostCount()),
                                    1f))) {
                LOG.info("Serving {} and {} on port {}", Ports.METRICS_PATH, Ports.PROGRESS_PATH, server.port());
                Block network =
                        ResNets.build(hp.getNumLayers(), hp.getNumClasses(), new Shape(shape[0], shape[1], shape[2]));
                model.setBlock(network);
                if (hp.getUsePretrainedModel() == 1) {
                    PretrainedWeights.apply(
                            root.channelDir(ChannelName.MODEL),
                            model,
                            hp.getNumLayers(),
                            new Shape(shape[0], shape[1], shape[2]));
                }
                precision.prepare(model);
                List<Evaluator> evaluators = Evaluators.create(hp);
                Loss loss = Losses.create(hp, null);
                int hostBatch = hp.getMiniBatchSize() / resources.hostCount();
                TrainingRunSettings settings = TrainingRunSettings.builder()
                        .setModel(model)
                        .setLoss(loss)
                        .setOptimizer(
                                optimizer, new OptimizerStatePart(optimizer, model.getBlock(), model.getNDManager()))
                        .setAccuracy(evaluators.getFirst())
                        .optTopKAccuracy(evaluators.size() > 1 ? evaluators.get(1) : null)
                        .setInputShape(new Shape(hostBatch, shape[0], shape[1], shape[2]))
                        .setData(data.asTrainingData())
                        .setExchange(exchange)
                        .setEpochs(hp.getEpochs())
                        .setCheckpoints(root.checkpointsDir(), rankZero, config.requestedCheckpointFrequency())
                        .optDevices(precision.devices())
                        .optDataSeed(environment.seed())
                        .optEarlyStopping(new EarlyStopping(
                                Boolean.TRUE.equals(hp.getEarlyStopping()),
                                hp.getEarlyStoppingMinEpochs(),
                                hp.getEarlyStoppingPatience(),
                                hp.getEarlyStoppingTolerance()))
                        .optCheckpointWritten(progress::checkpointWritten)
                        .optResumed(progress::resumedAt)
                        .addTrainingListener(metrics)
                        .addTrainingListener(progress)
                        .addEpochListener(new SageMakerLogLines(hp.getTopK() == null ? 0 : hp.getTopK(), LOG::info))
                        .addEpochListener(metrics)
                        .addEpochListener(progress)
                        .build();
                RunResult run = new TrainingRun(settings).run();
                precision.finish(model, network);
                Path modelDirectory = rankZero ? writeModel(root, model, hp, shape) : null;
                String uploaded = modelDirectory == null
                        ? null
                        : upload.map(target -> target.upload(modelDirectory)).orElse(null);
                progress.succeeded(modelDirectory == null ? root.modelDir() : modelDirectory);
                Progress last = uploaded == null ? progress.current() : withModelArtifact(progress.current(), uploaded);
                double seconds = (System.nanoTime() - start) / 1e9;
                LOG.info("Training finished in {} s: {}", String.format("%.1f", seconds), last.toJson());
                return new TrainingResult(run, modelDirectory, last, seconds);
            }
        }
    }

    private static Path writeModel(MlRoot root, Model model, HyperParameters hp, int[] shape) {
        Path directory = root.modelDir();
        ModelDirectory.write(directory, model, ModelDirectory.describe(hp, shape));
        LOG.info("Wrote the model to {}", directory);
        return directory;
    }

    private static Progress withModelArtifact(Progress p, String artifact) {
        return new Progress(
                p.epoch(),
                p.totalEpochs(),
                p.step(),
                p.imagesPerSecond(),
                p.trainAccuracy(),
                p.validationAccuracy(),
                p.topKAccuracy(),
                p.loss(),
                p.lastCheckpoint(),
                p.phase(),
                p.bestValidationAccuracy(),
                artifact,
                p.failure());
    }

    /**
     * The job's contract files, read and checked.
     *
     * @param requestedCheckpointFrequency the user's {@code checkpoint_frequency}, or {@code null} when unset
     *     (best-validation checkpoints), before defaults
     */
    record JobConfig(
            HyperParameters hyperParameters,
            Integer requestedCheckpointFrequency,
            InputDataConfigFile channels,
            ResourceConfigFile resources) {

        static JobConfig read(MlRoot root) {
            try {
                Path file = root.hyperParametersFile();
                if (!Files.isRegularFile(file)) {
                    throw new ClientError(file + " is missing; the job needs its hyperparameters");
                }
                HyperParameters hp = HyperParameterContract.load(file);
                Integer requested = HyperParameterContract.parse(HyperParameterContract.readFile(file))
                        .getCheckpointFrequency();
                if (!Files.isRegularFile(root.inputDataConfigFile())) {
                    throw new ClientError(root.inputDataConfigFile() + " is missing; the job needs its channels");
                }
                InputDataConfigFile channels = InputDataConfigFile.read(root.inputDataConfigFile());
                ResourceConfigFile resources = Files.isRegularFile(root.resourceConfigFile())
                        ? ResourceConfigFile.read(root.resourceConfigFile())
                        : new ResourceConfigFile("algo-1", List.of("algo-1"), null);
                return new JobConfig(hp, requested, channels, resources);
            } catch (JsonProcessingException e) {
                throw new ClientError(
                        "A configuration file in " + root.configDir() + " is not valid JSON: " + e.getOriginalMessage(),
                        e);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot read the job's configuration in " + root.configDir() + ": " + e.getMessage(), e);
            }
        }
    }
}
