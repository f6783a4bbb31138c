package dev.fovea.trainer.exchange.sync;

import dev.fovea.trainer.exchange.HostGroup;
import dev.fovea.trainer.exchange.transport.Envelope;
import dev.fovea.trainer.exchange.transport.Gang;
import dev.fovea.trainer.exchange.transport.Mailbox;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Sums a float vector across all hosts with a ring all-reduce: a reduce-scatter (N−1 rounds, each host adds the
 * chunk its predecessor sends it) then an all-gather (N−1 rounds, each host forwards the finished chunk). Every host
 * sends and receives 2·|G|·(N−1)/N values per step, whatever N: no host is a bottleneck. The vector is cut into
 * buckets that go round the ring concurrently, so one bucket's additions overlap another's transfers.
 */
final class RingAllReduce {

    private final Gang gang;
    private final HostGroup group;
    private final int bucketFloats;
    private final ExecutorService pool;

    RingAllReduce(Gang gang, int bucketFloats, ExecutorService pool) {
        this.gang = gang;
        this.group = gang.group();
        this.bucketFloats = bucketFloats;
        this.pool = pool;
    }

    /** Replaces {@code data[0..length)} by its sum over all hosts (every host ends with the same bits). */
    void sum(float[] data, int length, long step) {
        if (group.size() == 1) {
            return;
        }
        List<CompletableFuture<Void>> buckets = new ArrayList<>();
        for (int start = 0, bucket = 0; start < length; start += bucketFloats, bucket++) {
            int from = start;
            int to = (int) Math.min((long) start + bucketFloats, length);
            int id = bucket;
            buckets.add(CompletableFuture.runAsync(() -> ring(data, from, to, step, id), pool));
        }
        try {
            CompletableFuture.allOf(buckets.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void ring(float[] data, int start, int end, long step, int bucket) {
        int n = group.size();
        int rank = group.rank();
        for (int round = 0; round < n - 1; round++) {
            exchange(
                    data,
                    start,
                    end,
                    step,
                    bucket,
                    round,
                    Math.floorMod(rank - round, n),
                    Math.floorMod(rank - round - 1, n),
                    true);
        }
        for (int round = 0; round < n - 1; round++) {
            exchange(
                    data,
                    start,
                    end,
                    step,
                    bucket,
                    n - 1 + round,
                    Math.floorMod(rank + 1 - round, n),
                    Math.floorMod(rank - round, n),
                    false);
        }
    }

    /** Sends chunk {@code send} to the next host, then adds (or copies) the previous host's chunk {@code receive}. */
    private void exchange(
            float[] data, int start, int end, long step, int bucket, int round, int send, int receive, boolean add) {
        int sendFrom = chunkStart(start, end, send);
        int sendTo = chunkStart(start, end, send + 1);
        gang.clients()
                .deliver(
                        group.next(),
                        new Envelope(
                                Envelope.Kind.RING,
                                group.rank(),
                                step,
                                bucket,
                                round,
                                Envelope.floats(data, sendFrom, sendTo - sendFrom)));
        Envelope incoming = gang.mailbox()
                .take(
                        new Mailbox.Key(Envelope.Kind.RING, group.previous(), step, bucket, round),
                        gang.settings().peerTimeout(),
                        gang.silent(group.previous(), "gradients for step " + step));
        int from = chunkStart(start, end, receive);
        int to = chunkStart(start, end, receive + 1);
        FloatBuffer values = incoming.floatPayload();
        if (values.remaining() != to - from) {
            throw new IllegalStateException("exchange peer " + group.describe(group.previous()) + " sent "
                    + values.remaining() + " gradient values where " + (to - from)
                    + " were expected: the hosts run different models");
        }
        if (add) {
            for (int i = from; i < to; i++) {
                data[i] += values.get();
            }
        } else {
            values.get(data, from, to - from);
        }
    }

    private int chunkStart(int start, int end, int chunk) {
        return start + (int) ((long) (end - start) * chunk / group.size());
    }
}
