import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.spec.KvStore;
import dev.fovea.trainer.exchange.ExchangeSettings;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.exchange.GradientExchanges;
import dev.fovea.trainer.exchange.HostGroup;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmarks the dist_sync gradient exchange on loopback: N trainer processes (separate JVMs, as in a gang), each
 * with a one-layer model of |G| parameters, first time their local steps (forward, backward, optimizer) side by side,
 * then the same steps with the ring all-reduce, then back-to-back exchanges alone. Rank 0 prints one line per
 * configuration: bytes on the wire per host per step ÷ 2·|G|·(N−1)/N; exchange throughput (bytes sent per second
 * by this host, exchanges alone) against a plain memory copy of the same bytes in the same process; step time with
 * exchange ÷ step time alone; and the exchange's share of a training step in milliseconds (including waiting for
 * the slowest host's backward pass).
 *
 * <p>Run {@code bench/exchange/run.sh} (it builds the class path and calls this file with the source launcher).
 */
public final class ExchangeBench {

    private static final int BATCH = 8;
    private static final int WARMUP = 3;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("host")) {
            host(Integer.parseInt(args[1]), List.of(args[2].split(",")), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            return;
        }
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        System.out.println("hosts  |G| floats   wire/2|G|(N-1)/N  exchange GB/s  memcpy GB/s  step+exchange/step"
                + "  exchange ms/step");
        for (int hosts : new int[] {2, 4}) {
            for (int[] shape : new int[][] {{512, 527}, {5000, 5120}}) {
                System.out.println(runGang(hosts, shape[0], shape[1], steps));
            }
        }
    }

    /** Starts {@code hosts} JVMs running {@link #host}; returns rank 0's result line. */
    private static String runGang(int hosts, int inputs, int units, int steps) throws Exception {
        List<String> ports = new ArrayList<>();
        for (int k = 0; k < hosts; k++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.add(String.valueOf(socket.getLocalPort()));
            }
        }
        Path rankZeroOut = Files.createTempFile("exchange-bench", ".txt");
        List<Process> processes = new ArrayList<>();
        for (int rank = 0; rank < hosts; rank++) {
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx3g", "-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"),
                    "bench/exchange/ExchangeBench.java",
                    "host", String.valueOf(rank), String.join(",", ports), String.valueOf(inputs),
                    String.valueOf(units), String.valueOf(steps)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put(ContainerEnvironment.EXCHANGE_TOKEN, "bench-token");
            builder.redirectOutput(rank == 0 ? ProcessBuilder.Redirect.to(rankZeroOut.toFile())
                    : ProcessBuilder.Redirect.DISCARD);
            processes.add(builder.start());
        }
        for (Process process : processes) {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("a benchmark host exited with " + process.exitValue());
            }
        }
        String line = Files.readString(rankZeroOut).strip();
        Files.delete(rankZeroOut);
        return line;
    }

    private static void host(int rank, List<String> ports, int inputs, int units, int steps) {
        List<String> names = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int k = 0; k < ports.size(); k++) {
            names.add("algo-" + (k + 1));
            addresses.add("127.0.0.1:" + ports.get(k));
        }
        HostGroup group = new HostGroup(names, addresses, rank);
        ExchangeSettings settings = ExchangeSettings.fromEnvironment()
                .withTimeouts(Duration.ofSeconds(120), Duration.ofSeconds(120));
        try (Model model = Model.newInstance("bench");
                GradientExchange exchange = GradientExchanges.create(KvStore.DIST_SYNC, group, settings, null)) {
            model.setBlock(Linear.builder().setUnits(units).build());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build()))) {
                trainer.initialize(new Shape(BATCH, inputs));
                long alone = timeSteps(trainer, inputs, units, steps, trainer::step);
                exchange.start(trainer);
                ExchangeStats stats = exchange.stats();
                long exchangeNanos = 0;
                long bytesSent = 0;
                long begin = 0;
                for (int step = 0; step < WARMUP + steps; step++) {
                    if (step == WARMUP) {
                        begin = System.nanoTime();
                    }
                    backward(trainer, inputs, units);
                    exchange.step(trainer);
                    if (step >= WARMUP) {
                        exchangeNanos += stats.lastStep().nanos();
                        bytesSent += stats.lastStep().bytesSent();
                    }
                }
                long withExchange = (System.nanoTime() - begin) / steps;
                // Transfer alone: back-to-back exchanges with no compute between, so no host waits for a peer's
                // backward pass and the time is the ring's own.
                long transferBegin = System.nanoTime();
                long transferSent = stats.totalBytesSent();
                for (int step = 0; step < steps; step++) {
                    exchange.step(trainer);
                }
                double transferGbps = (double) (stats.totalBytesSent() - transferSent)
                        / (System.nanoTime() - transferBegin);
                exchange.finish();
                long gradientFloats = (long) inputs * units + units;
                int n = ports.size();
                double ideal = 2.0 * gradientFloats * Float.BYTES * (n - 1) / n;
                double perStepBytes = (double) bytesSent / steps;
                System.out.println(String.format(Locale.ROOT, "%5d  %10d   %16.4f  %13.3f  %11.3f  %18.2f  %11.1f",
                        n, gradientFloats, perStepBytes / ideal, transferGbps, memcpyGbps(perStepBytes),
                        (double) withExchange / alone, exchangeNanos / 1e6 / steps));
            }
        }
    }

    /** Mean nanoseconds of forward + backward + {@code update}, after warm-up. */
    private static long timeSteps(Trainer trainer, int inputs, int units, int steps, Runnable update) {
        long begin = 0;
        for (int step = 0; step < WARMUP + steps; step++) {
            if (step == WARMUP) {
                begin = System.nanoTime();
            }
            backward(trainer, inputs, units);
            update.run();
        }
        return (System.nanoTime() - begin) / steps;
    }

    private static void backward(Trainer trainer, int inputs, int units) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = scope.randomNormal(new Shape(BATCH, inputs));
            NDArray y = scope.randomNormal(new Shape(BATCH, units));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray prediction = trainer.forward(new NDList(x)).singletonOrThrow();
                collector.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(prediction)));
            }
        }
    }

    /** GB/s of System.arraycopy moving as many bytes as the exchange sends per step (best of 5). */
    private static double memcpyGbps(double bytes) {
        float[] source = new float[(int) (bytes / Float.BYTES)];
        float[] target = new float[source.length];
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long begin = System.nanoTime();
            System.arraycopy(source, 0, target, 0, source.length);
            best = Math.min(best, System.nanoTime() - begin);
        }
        return bytes / best;
    }
}
