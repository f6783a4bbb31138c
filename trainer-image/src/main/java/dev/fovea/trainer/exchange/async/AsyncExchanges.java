package dev.fovea.trainer.exchange.async;

import dev.fovea.trainer.exchange.ExchangeSettings;
import dev.fovea.trainer.exchange.ExchangeStats;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.exchange.HostGroup;
import dev.fovea.trainer.exchange.params.WeightBroadcast;
import dev.fovea.trainer.exchange.transport.Gang;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Wires a dist_async exchange: the shard server's handlers must be on the gang's server before it starts. */
public final class AsyncExchanges {

    private AsyncExchanges() {}

    public static GradientExchange create(
            HostGroup group,
            ExchangeSettings settings,
            ExchangeStats stats,
            Supplier<FoveaOptimizer> serverOptimizers) {
        if (serverOptimizers == null) {
            throw new IllegalArgumentException("dist_async needs an optimizer factory: each host's shard server "
                    + "applies updates with its own optimizer built from the job's hyperparameters");
        }
        ShardMap shards = new ShardMap();
        ShardServer server = new ShardServer(shards, group.rank(), serverOptimizers);
        WeightBroadcast broadcast = new WeightBroadcast();
        List<Gang.Registration> handlers = new ArrayList<>(server.registrations());
        handlers.add(broadcast.registration());
        return new AsyncExchange(new Gang(group, settings, stats, handlers), stats, broadcast, shards, server);
    }
}
