package dev.fovea.trainer.data.fetch;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Which share of a channel one host fetches: host {@code index} of {@code count} takes every {@code count}-th item,
 * starting at its index ({@code ShardedByS3Key}); one host of one takes everything ({@code FullyReplicated}).
 */
public record Shard(int index, int count) {

    /** Every item, as {@code FullyReplicated} gives every host. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("host index " + index + " must be in [0, " + count + ")");
        }
    }

    /** This host's items of {@code all}, in their order. */
    public <T> List<T> of(List<T> all) {
        return IntStream.range(0, all.size())
                .filter(i -> i % count == index)
                .mapToObj(all::get)
                .toList();
    }
}
