package dev.fovea.trainer.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.spec.KvStore;
import dev.fovea.trainer.FreePorts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * dist_async's parameter server, checked exactly: when only one host trains, every update is applied by the shard
 * servers (one on each host, the other host's over gRPC) with their own optimizers, and the result must equal plain
 * local SGD with momentum. This also checks {@code synchronizeForCheckpoint}: the weights compared are the ones
 * pulled back from the shard servers; and the checkpoint state: a gang restarted from it continues exactly.
 */
class DistAsyncTest {

    private static final int BATCH = 8;
    private static final int STEPS = 5;

    @Test
    void aSingleTrainingHostTrainsExactlyLikeLocalSgd() throws Exception {
        GangRun distributed = runGang(ExchangeWorker.Resume.NONE, STEPS, state -> {});
        assertThat(distributed.bytesSent()).isPositive();

        float[] local;
        int port = FreePorts.pick();
        try (GradientExchange exchange = GradientExchanges.create(
                null,
                ExchangeWorker.loopback(0, List.of(String.valueOf(port))),
                ExchangeSettings.defaults(WorkerGang.TOKEN),
                ExchangeWorker::sgd)) {
            local = ExchangeWorker.train(exchange, 0, 1, BATCH, STEPS, 0);
        }
        assertThat(DistSyncTest.maxAbsDifference(distributed.weights(), local)).isLessThan(1e-5f);
    }

    @Test
    void aGangResumedFromACheckpointContinuesWithTheShardServersMomentum() throws Exception {
        float[] uninterrupted =
                runGang(ExchangeWorker.Resume.NONE, 2 * STEPS, state -> {}).weights();
        AtomicReference<byte[]> checkpoint = new AtomicReference<>();
        float[] halfway =
                runGang(ExchangeWorker.Resume.NONE, STEPS, checkpoint::set).weights();
        assertThat(checkpoint.get()).as("dist_async's checkpoint state").isNotEmpty();

        float[] resumed = runGang(new ExchangeWorker.Resume(STEPS, halfway, checkpoint.get()), STEPS, state -> {})
                .weights();
        float[] withoutState = runGang(new ExchangeWorker.Resume(STEPS, halfway, null), STEPS, state -> {})
                .weights();

        assertThat(DistSyncTest.maxAbsDifference(resumed, uninterrupted)).isLessThan(1e-5f);
        // without the servers' momentum the run goes elsewhere: the state is what made the difference
        assertThat(DistSyncTest.maxAbsDifference(withoutState, uninterrupted)).isGreaterThan(1e-3f);
    }

    private record GangRun(float[] weights, long bytesSent) {}

    /** Rank 0 trains {@code steps} steps while rank 1 serves its shard idly, so the update order is fixed. */
    private static GangRun runGang(ExchangeWorker.Resume resume, int steps, Consumer<byte[]> checkpoint)
            throws Exception {
        List<String> ports = List.of(String.valueOf(FreePorts.pick()), String.valueOf(FreePorts.pick()));
        ExchangeSettings settings = ExchangeSettings.builder(WorkerGang.TOKEN)
                .timeouts(Duration.ofSeconds(60), Duration.ofSeconds(60))
                .build();
        CompletableFuture<float[]> idle = CompletableFuture.supplyAsync(() -> {
            try (GradientExchange exchange = GradientExchanges.create(
                    KvStore.DIST_ASYNC, ExchangeWorker.loopback(1, ports), settings, ExchangeWorker::sgd)) {
                return ExchangeWorker.train(exchange, 1, 1, BATCH, 0, 0, resume, state -> {});
            }
        });
        try (GradientExchange exchange = GradientExchanges.create(
                KvStore.DIST_ASYNC, ExchangeWorker.loopback(0, ports), settings, ExchangeWorker::sgd)) {
            float[] weights = ExchangeWorker.train(exchange, 0, 1, BATCH, steps, 0, resume, checkpoint);
            idle.get(1, TimeUnit.MINUTES);
            return new GangRun(weights, exchange.stats().totalBytesSent());
        }
    }
}
