package dev.fovea.trainer.exchange;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.spec.KvStore;
import dev.fovea.trainer.exchange.params.InPlace;
import dev.fovea.trainer.exchange.params.ParameterLayout;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import dev.fovea.trainer.optimizer.Sgd;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One trainer host for the exchange tests, run in its own JVM: a small MLP on a synthetic batch stream that is the
 * same on every host, each host taking its rank's slice of every global batch. Writes its final weights to a file
 * and exits with {@link ExitCodes#PEER_LOST} when the exchange loses a peer.
 *
 * <p>Arguments: {@code mode(local|dist_sync|dist_async) rank ports(comma-separated) batchPerHost steps out
 * peerTimeoutSeconds stepDelayMillis}. The token comes from {@code FOVEA_EXCHANGE_TOKEN}.
 */
public final class ExchangeWorker {

    static final int FEATURES = 8;
    static final int CLASSES = 4;

    public static void main(String[] args) {
        String mode = args[0];
        int rank = Integer.parseInt(args[1]);
        List<String> ports = List.of(args[2].split(","));
        int batch = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        Duration peerTimeout = Duration.ofSeconds(Long.parseLong(args[6]));
        long stepDelay = Long.parseLong(args[7]);
        exitAfter(() -> write(train(mode, rank, ports, batch, steps, peerTimeout, stepDelay), out));
    }

    /** What a test host does; it may throw {@link PeerLostException}. */
    interface HostRun {
        void run() throws Exception;
    }

    /** Runs {@code work} and exits as the trainer would: 0, {@link ExitCodes#PEER_LOST}, or 1. */
    static void exitAfter(HostRun work) {
        int code = 0;
        try {
            work.run();
        } catch (PeerLostException e) {
            System.err.println("PeerLostException: " + e.getMessage());
            code = ExitCodes.PEER_LOST;
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /** Host k is algo-(k+1) at 127.0.0.1:port[k]: the same address form and resolver as a cluster's DNS names. */
    static HostGroup loopback(int rank, List<String> ports) {
        List<String> hosts = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int k = 0; k < ports.size(); k++) {
            hosts.add("algo-" + (k + 1));
            addresses.add("127.0.0.1:" + ports.get(k));
        }
        return new HostGroup(hosts, addresses, rank);
    }

    static float[] train(
            String mode, int rank, List<String> ports, int batch, int steps, Duration peerTimeout, long stepDelay) {
        ExchangeSettings settings = ExchangeSettings.fromEnvironment().toBuilder()
                .timeouts(Duration.ofSeconds(60), peerTimeout)
                .bucketFloats(100)
                .build();
        KvStore kvStore = mode.equals("local") ? null : KvStore.valueOf(mode.toUpperCase());
        try (GradientExchange exchange =
                GradientExchanges.create(kvStore, loopback(rank, ports), settings, ExchangeWorker::sgd)) {
            return train(exchange, rank, ports.size(), batch, steps, stepDelay);
        }
    }

    /**
     * Trains with {@code exchange}: host {@code rank} of {@code dataHosts} takes its slice of every global batch.
     * Returns the weights after {@link GradientExchange#synchronizeForCheckpoint}.
     */
    static float[] train(GradientExchange exchange, int rank, int dataHosts, int batch, int steps, long stepDelay) {
        return train(exchange, rank, dataHosts, batch, steps, stepDelay, Resume.NONE, state -> {});
    }

    /** A checkpoint to continue from: the step to start at, rank 0's weights and the exchange's own state. */
    record Resume(int firstStep, float[] weights, byte[] exchangeState) {
        static final Resume NONE = new Resume(0, null, null);
    }

    /**
     * Like {@link #train(GradientExchange, int, int, int, int, long)}, but continues from {@code resume} and hands
     * rank 0's {@link GradientExchange#checkpointState} after the last step to {@code checkpoint}.
     */
    static float[] train(
            GradientExchange exchange,
            int rank,
            int dataHosts,
            int batch,
            int steps,
            long stepDelay,
            Resume resume,
            Consumer<byte[]> checkpoint) {
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(CLASSES).build());
        try (Model model = Model.newInstance("exchange-worker")) {
            model.setBlock(net);
            try (Trainer trainer =
                    model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd()))) {
                trainer.initialize(new Shape(batch, FEATURES));
                // Every host but rank 0 starts from different weights: the startup broadcast must fix that.
                initialize(trainer, 42 + (rank == 0 ? 0 : 1000 + rank));
                if (resume.weights() != null) {
                    overwrite(trainer, resume.weights());
                }
                if (resume.exchangeState() != null) {
                    exchange.restoreCheckpointState(resume.exchangeState());
                }
                exchange.start(trainer);
                for (int step = resume.firstStep(); step < resume.firstStep() + steps; step++) {
                    trainStep(trainer, exchange, step, rank, dataHosts, batch);
                    System.out.println("STEP " + step);
                    if ((step + 1) % 3 == 0) {
                        exchange.endEpoch(trainer, step / 3);
                    }
                    sleep(stepDelay);
                }
                exchange.synchronizeForCheckpoint(trainer);
                if (rank == 0) {
                    exchange.checkpointState().ifPresent(checkpoint);
                }
                exchange.finish();
                return flatten(trainer);
            }
        }
    }

    static FoveaOptimizer sgd() {
        return new Sgd(Tracker.fixed(0.1f), 1f, 0f, 0.9f);
    }

    private static void trainStep(
            Trainer trainer, GradientExchange exchange, int step, int rank, int hosts, int batch) {
        NDManager manager = trainer.getManager();
        float[][] global = globalBatch(step, hosts * batch);
        float[] features = new float[batch * FEATURES];
        float[] labels = new float[batch];
        for (int i = 0; i < batch; i++) {
            float[] row = global[rank * batch + i];
            System.arraycopy(row, 0, features, i * FEATURES, FEATURES);
            labels[i] = row[FEATURES];
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(features, new Shape(batch, FEATURES));
            NDArray y = scope.create(labels, new Shape(batch));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray prediction = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(prediction));
                collector.backward(loss);
            }
        }
        exchange.step(trainer);
    }

    /** The step's whole batch across all hosts: label = the argmax of a fixed linear map of the features. */
    static float[][] globalBatch(int step, int size) {
        Random random = new Random(1000L + step);
        float[][] rows = new float[size][FEATURES + 1];
        for (float[] row : rows) {
            float[] score = new float[CLASSES];
            for (int f = 0; f < FEATURES; f++) {
                row[f] = (float) random.nextGaussian();
                score[f % CLASSES] += row[f] * (f + 1);
            }
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                best = score[c] > score[best] ? c : best;
            }
            row[FEATURES] = best;
        }
        return rows;
    }

    private static void initialize(Trainer trainer, long seed) {
        Random random = new Random(seed);
        for (ParameterLayout.Slot slot : ParameterLayout.of(trainer).slots()) {
            float[] values = new float[slot.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * 0.3);
            }
            InPlace.overwrite(slot.array(), values, 0, values.length);
        }
    }

    private static void overwrite(Trainer trainer, float[] weights) {
        for (ParameterLayout.Slot slot : ParameterLayout.of(trainer).slots()) {
            InPlace.overwrite(slot.array(), weights, slot.offset(), slot.size());
        }
    }

    static float[] flatten(Trainer trainer) {
        ParameterLayout layout = ParameterLayout.of(trainer);
        float[] all = new float[layout.totalFloats()];
        for (ParameterLayout.Slot slot : layout.slots()) {
            System.arraycopy(slot.array().toFloatArray(), 0, all, slot.offset(), slot.size());
        }
        return all;
    }

    private static void write(float[] weights, Path out) throws IOException {
        try (DataOutputStream data = new DataOutputStream(Files.newOutputStream(out))) {
            data.writeInt(weights.length);
            for (float weight : weights) {
                data.writeFloat(weight);
            }
        }
    }

    static float[] read(Path file) throws IOException {
        try (var data = new java.io.DataInputStream(Files.newInputStream(file))) {
            float[] weights = new float[data.readInt()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = data.readFloat();
            }
            return weights;
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ExchangeWorker() {}
}
