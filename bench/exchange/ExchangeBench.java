import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.KvStore;
import dev.fovea.api.spec.Optimizer;
import dev.fovea.trainer.data.pipeline.ChannelsLast;
import dev.fovea.trainer.exchange.ExchangeSettings;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.exchange.GradientExchanges;
import dev.fovea.trainer.exchange.HostGroup;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import dev.fovea.trainer.optimizer.Optimizers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Fovea's side of {@code bench/exchange/run.sh}: one gang of N trainer JVMs on loopback (one intra-op thread each,
 * as Gloo's side runs one process per host with one thread), measured as the training loop uses the exchange.
 * Rank 0 prints one tab-separated line.
 *
 * <ul>
 *   <li>{@code gang MODE HOSTS WIDTH STEPS}: a stack of {@value #LAYERS} fully connected WIDTH×WIDTH layers, so
 *       8·(WIDTH²+WIDTH) parameters in 16 tensors that dist_async's shard map can spread evenly (ResNet-20's 0.27 M
 *       floats is WIDTH 183, ResNet-50's 25.6 M is 1788); after STEPS steps of warm-up (the JIT compiler's), STEPS
 *       exchange steps (MODE {@code dist_sync} or {@code dist_async}), each started right after a {@link Barrier}
 *       every host passes (as Gloo's side calls {@code dist.barrier()} before each all_reduce) and timed by the
 *       exchange's own clock (from taking the gradients out of the tensors to leaving the averaged ones, or the new
 *       weights, in them), so no host's clock covers a peer still busy with its previous step; the optimizers (the
 *       trainer's, and dist_async's shard servers') leave the weights alone, so both modes measure their
 *       transport.
 *       Prints {@code fovea MODE HOSTS FLOATS ms_per_exchange bytes_sent_per_step bytes_received_per_step
 *       cpu_ms_per_exchange}.</li>
 *   <li>{@code resnet HOSTS STEPS}: ResNet-20 (SageMaker's network, as jobs train it) on 1×28×28 images, 64 per
 *       host per step (the MNIST recipe's 128 over two hosts), SGD with momentum, dist_sync. Prints
 *       {@code fovea-resnet20 HOSTS step_ms exchange_ms}.</li>
 * </ul>
 */
public final class ExchangeBench {

    private static final int LAYERS = 8;
    private static final int LINEAR_BATCH = 8;
    private static final int RESNET_BATCH = 64;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "gang" -> System.out.println(
                    gang(List.of("linear", args[1], args[3], args[4]), Integer.parseInt(args[2])));
            case "resnet" -> System.out.println(
                    gang(List.of("resnet", "dist_sync", "0", args[2]), Integer.parseInt(args[1])));
            case "host" -> host(args);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /** Starts one JVM per host running {@link #host}; returns rank 0's line. */
    private static String gang(List<String> job, int hosts) throws Exception {
        List<String> ports = new ArrayList<>();
        // one port per host for the exchange, and one more for rank 0's barrier
        for (int k = 0; k <= hosts; k++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.add(String.valueOf(socket.getLocalPort()));
            }
        }
        Path rankZeroOut = Files.createTempFile("exchange-bench", ".txt");
        List<Process> processes = new ArrayList<>();
        try {
            for (int rank = 0; rank < hosts; rank++) {
                List<String> command = new ArrayList<>(List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx6g",
                        "-Dai.djl.offline=true",
                        "-Dai.djl.pytorch.num_threads=1",
                        "-Dai.djl.pytorch.num_interop_threads=1",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                        "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "bench/exchange/ExchangeBench.java",
                        "host",
                        String.valueOf(rank),
                        String.join(",", ports.subList(0, hosts)),
                        ports.get(hosts)));
                command.addAll(job);
                ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
                builder.environment().put(ContainerEnvironment.EXCHANGE_TOKEN, "bench-token");
                builder.environment().put("OMP_NUM_THREADS", "1");
                builder.redirectOutput(
                        rank == 0
                                ? ProcessBuilder.Redirect.to(rankZeroOut.toFile())
                                : ProcessBuilder.Redirect.DISCARD);
                processes.add(builder.start());
            }
            for (Process process : processes) {
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("a benchmark host exited with " + process.exitValue());
                }
            }
            return Files.readString(rankZeroOut).strip();
        } finally {
            processes.forEach(Process::destroyForcibly);
            Files.delete(rankZeroOut);
        }
    }

    /** {@code host RANK PORTS BARRIER_PORT KIND MODE WIDTH STEPS}. */
    private static void host(String[] args) {
        int rank = Integer.parseInt(args[1]);
        List<String> ports = List.of(args[2].split(","));
        int barrierPort = Integer.parseInt(args[3]);
        boolean resnet = args[4].equals("resnet");
        KvStore mode = KvStore.valueOf(args[5].toUpperCase(Locale.ROOT));
        int width = Integer.parseInt(args[6]);
        int steps = Integer.parseInt(args[7]);
        List<String> names = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int k = 0; k < ports.size(); k++) {
            names.add("algo-" + (k + 1));
            addresses.add("127.0.0.1:" + ports.get(k));
        }
        ExchangeSettings settings = ExchangeSettings.fromEnvironment().toBuilder()
                .timeouts(Duration.ofSeconds(300), Duration.ofSeconds(300))
                .build();
        try (Barrier barrier = new Barrier(rank, ports.size(), barrierPort);
                Model model = Model.newInstance("bench");
                GradientExchange exchange = GradientExchanges.create(
                        mode, new HostGroup(names, addresses, rank), settings, resnet ? ExchangeBench::sgd : Unchanged::new)) {
            model.setBlock(resnet ? NetworkFamily.SAGEMAKER.build(20, 10, new Shape(1, 28, 28)) : stack(width));
            Shape input = resnet ? new Shape(RESNET_BATCH, 1, 28, 28) : new Shape(LINEAR_BATCH, width);
            Loss loss = resnet ? Loss.softmaxCrossEntropyLoss() : Loss.l2Loss();
            try (Trainer trainer =
                    model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(resnet ? sgd() : new Unchanged()))) {
                trainer.initialize(input);
                exchange.start(trainer);
                String line = resnet
                        ? trainResNet(trainer, exchange, input, ports.size(), steps)
                        : exchangeAfterBarriers(trainer, exchange, barrier, input, mode, ports.size(), steps);
                exchange.finish();
                if (rank == 0) {
                    System.out.println(line);
                }
            }
        }
    }

    /**
     * Exchange steps with no forward or backward pass between them (dist_sync's end in the trainer's optimizer step,
     * which leaves the weights alone here), after one backward pass that leaves gradients in the tensors, each
     * started right after every host passed the barrier: the exchange's own cost, as Gloo's side measures all_reduce.
     * Also the CPU time the process spent in the exchanges (all its threads), less that of the trainer's optimizer
     * step, which DJL spends copying every gradient even when the optimizer does nothing: a measure of the work done
     * that other load on the machine barely moves.
     */
    private static String exchangeAfterBarriers(
            Trainer trainer,
            GradientExchange exchange,
            Barrier barrier,
            Shape input,
            KvStore mode,
            int hosts,
            int steps) {
        ExchangeStats stats = exchange.stats();
        long nanos = 0;
        long sent = 0;
        long received = 0;
        backward(trainer, input);
        long optimizerCpu = 0;
        if (mode == KvStore.DIST_SYNC) {
            long begin = processCpuNanos();
            for (int step = 0; step < steps; step++) {
                trainer.step();
            }
            optimizerCpu = processCpuNanos() - begin;
        }
        long cpu = 0;
        for (int step = 0; step < 2 * steps; step++) {
            barrier.await();
            long cpuBegin = processCpuNanos();
            exchange.step(trainer);
            if (step >= steps) {
                cpu += processCpuNanos() - cpuBegin;
                nanos += stats.lastStep().nanos();
                sent += stats.lastStep().bytesSent();
                received += stats.lastStep().bytesReceived();
            }
        }
        double cpuMs = (cpu - optimizerCpu) / 1e6 / steps;
        long floats = LAYERS * (input.get(1) * input.get(1) + input.get(1));
        return String.format(
                Locale.ROOT,
                "fovea\t%s\t%d\t%d\t%.3f\t%d\t%d\t%.3f",
                mode.toString().toLowerCase(Locale.ROOT),
                hosts,
                floats,
                nanos / 1e6 / steps,
                sent / steps,
                received / steps,
                cpuMs);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Whole training steps (forward, backward, exchange, optimizer), timing the exchange within them. */
    private static String trainResNet(Trainer trainer, GradientExchange exchange, Shape input, int hosts, int steps) {
        long exchangeNanos = 0;
        long begin = 0;
        try (NDManager data = trainer.getManager().newSubManager()) {
            NDArray images = ChannelsLast.batch(data, random(input.size()), RESNET_BATCH, input.slice(1));
            NDArray labels = data.randomInteger(0, 10, new Shape(input.get(0)), DataType.INT64);
            for (int step = 0; step < 2 * steps; step++) {
                if (step == steps) {
                    begin = System.nanoTime();
                }
                try (NDManager stepScope = trainer.getManager().newSubManager()) {
                    // the step's activations attach to the input's manager: a per-step copy frees them each step
                    NDArray x = images.duplicate();
                    x.attach(stepScope);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray scores = trainer.forward(new NDList(x)).singletonOrThrow();
                        collector.backward(trainer.getLoss().evaluate(new NDList(labels), new NDList(scores)));
                    }
                    exchange.step(trainer);
                }
                if (step >= steps) {
                    exchangeNanos += exchange.stats().lastStep().nanos();
                }
            }
        }
        double stepMs = (System.nanoTime() - begin) / 1e6 / steps;
        return String.format(
                Locale.ROOT, "fovea-resnet20\t%d\t%.2f\t%.2f", hosts, stepMs, exchangeNanos / 1e6 / steps);
    }

    private static float[] random(long count) {
        Random random = new Random(42);
        float[] values = new float[Math.toIntExact(count)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static Block stack(int width) {
        SequentialBlock stack = new SequentialBlock();
        for (int layer = 0; layer < LAYERS; layer++) {
            stack.add(Linear.builder().setUnits(width).build());
        }
        return stack;
    }

    private static void backward(Trainer trainer, Shape input) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = scope.randomNormal(input);
            NDArray y = scope.randomNormal(input);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray prediction = trainer.forward(new NDList(x)).singletonOrThrow();
                collector.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(prediction)));
            }
        }
    }

    /**
     * Leaves the weights as they are, so the gang measures the exchange's transport alone: between the back-to-back
     * exchanges of dist_sync, the trainer's optimizer step would only be compute that lets the hosts drift apart,
     * which Gloo's loop of all_reduce calls does not have; and dist_async's shard servers would apply SGD inside the
     * exchange's clock, which dist_sync's hosts do after it.
     */
    private static final class Unchanged extends FoveaOptimizer {
        Unchanged() {
            super(Tracker.fixed(0f), 1f, 0f);
        }

        @Override
        protected void apply(String parameterId, NDArray weight, NDArray gradient, float lr, int count) {}

        @Override
        public int slotsPerParameter() {
            return 0;
        }
    }

    /**
     * All hosts meet here before each timed exchange, as Gloo's side calls {@code dist.barrier()} (which gathers at
     * one rank and releases from it, as this does): one byte from every host to rank 0 over loopback, one byte back
     * to each once all have arrived. Apart from the exchange's own connections, so it adds nothing to its counts.
     */
    private static final class Barrier implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private final boolean gathers;

        Barrier(int rank, int hosts, int port) {
            gathers = rank == 0;
            InetAddress loopback = InetAddress.getLoopbackAddress();
            try {
                if (rank == 0) {
                    try (ServerSocket server = new ServerSocket(port, hosts, loopback)) {
                        server.setSoTimeout(Math.toIntExact(Duration.ofMinutes(5).toMillis()));
                        for (int peer = 1; peer < hosts; peer++) {
                            sockets.add(server.accept());
                        }
                    }
                } else {
                    sockets.add(connect(loopback, port));
                }
                for (Socket socket : sockets) {
                    socket.setTcpNoDelay(true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the benchmark's barrier on port " + port, e);
            }
        }

        /** Rank 0 may not listen yet: retries for a minute. */
        private static Socket connect(InetAddress address, int port) throws IOException {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (true) {
                try {
                    return new Socket(address, port);
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    sleep(Duration.ofMillis(50));
                }
            }
        }

        void await() {
            try {
                if (gathers) {
                    for (Socket socket : sockets) {
                        readOne(socket.getInputStream());
                    }
                    for (Socket socket : sockets) {
                        writeOne(socket.getOutputStream());
                    }
                } else {
                    writeOne(sockets.get(0).getOutputStream());
                    readOne(sockets.get(0).getInputStream());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the benchmark's barrier", e);
            }
        }

        private static void readOne(InputStream in) throws IOException {
            if (in.read() < 0) {
                throw new IOException("a host left the barrier");
            }
        }

        private static void writeOne(OutputStream out) throws IOException {
            out.write(1);
            out.flush();
        }

        private static void sleep(Duration duration) {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for rank 0's barrier", e);
            }
        }

        @Override
        public void close() {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // the run's numbers are out; nothing to keep
                }
            }
        }
    }

    /** SGD with momentum 0.9 and weight decay 1e-4, the MNIST recipe's optimizer. */
    private static FoveaOptimizer sgd() {
        HyperParameters spec = new HyperParameters();
        spec.setNumClasses(10);
        spec.setNumTrainingSamples(60_000);
        spec.setOptimizer(Optimizer.SGD);
        spec.setMomentum(0.9);
        spec.setWeightDecay(0.0001);
        return Optimizers.create(ResolvedHyperParameters.resolve(spec), Tracker.fixed(0.01f), 1f);
    }

    private ExchangeBench() {}
}
