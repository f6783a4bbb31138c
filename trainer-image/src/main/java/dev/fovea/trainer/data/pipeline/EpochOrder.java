package dev.fovea.trainer.data.pipeline;

import java.util.SplittableRandom;

/**
 * Which records a host reads in an epoch, and in what order. Every host shuffles all positions with the same seed
 * derived from (seed, epoch), then host {@code rank} of {@code shards} takes every {@code shards}-th position starting
 * at {@code rank}: the shards are disjoint and, together, cover the epoch. For training, the few records that would
 * give some hosts one record more are left out of this epoch (a different few each epoch), so that every host runs
 * the same number of steps, which synchronous gradient exchange needs.
 */
public record EpochOrder(long seed, boolean shuffle, boolean equalShards, int rank, int shards) {

    public EpochOrder {
        if (shards < 1 || rank < 0 || rank >= shards) {
            throw new IllegalArgumentException("rank " + rank + " must be in [0, " + shards + ")");
        }
    }

    /** Records in this host's shard of a source with {@code total} records. */
    public int shardSize(int total) {
        if (equalShards) {
            return total / shards;
        }
        return total / shards + (rank < total % shards ? 1 : 0);
    }

    /** The source positions this host reads in {@code epoch}, in reading order. */
    public int[] positions(int total, int epoch) {
        int[] all = new int[total];
        for (int i = 0; i < total; i++) {
            all[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(Seeds.mix(seed, epoch));
            for (int i = total - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = all[i];
                all[i] = all[j];
                all[j] = swap;
            }
        }
        int[] mine = new int[shardSize(total)];
        for (int i = 0; i < mine.length; i++) {
            mine[i] = all[rank + i * shards];
        }
        return mine;
    }
}
