package dev.fovea.trainer.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.spec.KvStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * dist_async's parameter server, checked exactly: when only one host trains, every update is applied by the shard
 * servers (one on each host, the other host's over gRPC) with their own optimizers, and the result must equal plain
 * local SGD with momentum. This also checks {@code synchronizeForCheckpoint}: the weights compared are the ones
 * pulled back from the shard servers.
 */
class DistAsyncTest {

    private static final int BATCH = 8;
    private static final int STEPS = 5;

    @Test
    void aSingleTrainingHostTrainsExactlyLikeLocalSgd() throws Exception {
        List<String> ports = List.of(String.valueOf(WorkerGang.freePort()), String.valueOf(WorkerGang.freePort()));
        ExchangeSettings settings = ExchangeSettings.defaults(WorkerGang.TOKEN)
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60));

        CompletableFuture<float[]> idle = CompletableFuture.supplyAsync(() -> {
            try (GradientExchange exchange = GradientExchanges.create(KvStore.DIST_ASYNC,
                    ExchangeWorker.loopback(1, ports), settings, ExchangeWorker::sgd)) {
                return ExchangeWorker.train(exchange, 1, 1, BATCH, 0, 0);
            }
        });
        float[] distributed;
        try (GradientExchange exchange = GradientExchanges.create(KvStore.DIST_ASYNC,
                ExchangeWorker.loopback(0, ports), settings, ExchangeWorker::sgd)) {
            distributed = ExchangeWorker.train(exchange, 0, 1, BATCH, STEPS, 0);
            assertThat(exchange.stats().totalBytesSent()).isPositive();
        }
        idle.get(1, TimeUnit.MINUTES);

        float[] local;
        try (GradientExchange exchange = GradientExchanges.create(null, ExchangeWorker.loopback(0, ports.subList(0, 1)),
                settings, ExchangeWorker::sgd)) {
            local = ExchangeWorker.train(exchange, 0, 1, BATCH, STEPS, 0);
        }
        assertThat(DistSyncTest.maxAbsDifference(distributed, local)).isLessThan(1e-5f);
    }
}
