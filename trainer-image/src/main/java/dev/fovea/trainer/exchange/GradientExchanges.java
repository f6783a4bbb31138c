package dev.fovea.trainer.exchange;

import dev.fovea.api.contract.ResourceConfigFile;
import dev.fovea.api.spec.KvStore;
import dev.fovea.trainer.exchange.async.AsyncExchanges;
import dev.fovea.trainer.exchange.params.WeightBroadcast;
import dev.fovea.trainer.exchange.sync.SyncExchange;
import dev.fovea.trainer.exchange.transport.Gang;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import java.util.List;
import java.util.function.Supplier;

/** Builds the {@link GradientExchange} for a job's {@code kv_store} and host list. */
public final class GradientExchanges {

    private GradientExchanges() {}

    /** The exchange for the host that {@code resources} (resourceconfig.json) describes. */
    public static GradientExchange create(
            KvStore mode,
            ResourceConfigFile resources,
            ExchangeSettings settings,
            Supplier<FoveaOptimizer> serverOptimizers) {
        if (mode == null || resources.hostCount() == 1) {
            return new LocalExchange();
        }
        return create(
                mode,
                HostGroup.of(resources.currentHost(), resources.hosts(), resources.hostAddresses()),
                settings,
                serverOptimizers);
    }

    /**
     * The exchange for this host. One host (or {@code mode == null}) gets the local exchange, which is just the
     * optimizer step. Several hosts start listening at once (so peers can find this host while it builds its model);
     * {@link GradientExchange#start} then waits for the others.
     *
     * @param mode dist_sync, dist_async, or null for a single host
     * @param group the hosts, their addresses, and which one this is (from resourceconfig.json)
     * @param settings token, port, timeouts, debug checksums, metrics registry
     * @param serverOptimizers builds the optimizer a dist_async shard server applies updates with: the trainer's
     *     hyperparameters with the schedule of {@code LearningRateSchedules.forShardServer}, since the server applies
     *     one update per host per step; unused by the other modes and may be null for them
     */
    public static GradientExchange create(
            KvStore mode, HostGroup group, ExchangeSettings settings, Supplier<FoveaOptimizer> serverOptimizers) {
        if (mode == null || group.size() == 1) {
            return new LocalExchange();
        }
        ExchangeStats stats = new ExchangeStats();
        if (settings.meterRegistry() != null) {
            stats.bindTo(settings.meterRegistry());
        }
        return switch (mode) {
            case DIST_SYNC -> {
                WeightBroadcast broadcast = new WeightBroadcast();
                yield new SyncExchange(
                        new Gang(group, settings, stats, List.of(broadcast.registration())), stats, broadcast);
            }
            case DIST_ASYNC -> AsyncExchanges.create(group, settings, stats, serverOptimizers);
        };
    }
}
