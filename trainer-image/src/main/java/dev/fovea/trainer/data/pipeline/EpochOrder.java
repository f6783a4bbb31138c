package dev.fovea.trainer.data.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;

/**
 * Which records a host reads in each step of an epoch.
 *
 * <p>Training reads an endless stream: the channel shuffled anew for every pass (seeded by (seed, pass), the same on
 * every host), the passes end to end, cut into steps of {@code hosts × batch} records; in every step host
 * {@code rank} takes the {@code rank}-th slice of {@code batch} records. With the whole channel on every host
 * ({@link #gang}), epoch {@code e} is the steps that start inside pass {@code e}: each epoch reads the training set
 * once, and its last step, rather than dropping the images that do not fill it or padding it with repeats, runs on
 * into the next pass, whose epoch then starts after the images it lent. This is MXNet's {@code ImageRecordIter} with
 * {@code round_batch=1} (SageMaker's), which fills the last batch from the start of the next pass and begins the next
 * epoch after them. With a shard of its own on each host ({@link #ownShard}) every host reads its own stream and an
 * epoch is a fixed number of steps, so that all hosts take the same number.
 *
 * <p>Validation ({@link #inOrder}) reads the channel once, in order, the last batch smaller.
 */
public final class EpochOrder {

    /** One step's reads on this host: the source positions, and the pass each was drawn in (for augmentation seeds). */
    public record Step(int[] positions, int[] passes) {

        public int size() {
            return positions.length;
        }
    }

    private final long seed;
    private final int total;
    private final int batch;
    private final int rank;
    private final int hosts;
    private final IntToLongFunction firstStep;

    private EpochOrder(long seed, int total, int batch, int rank, int hosts, IntToLongFunction firstStep) {
        if (total < 1 || batch < 1 || hosts < 1 || rank < 0 || rank >= hosts) {
            throw new IllegalArgumentException("total " + total + " and batch " + batch + " must be positive, rank "
                    + rank + " in [0, " + hosts + ")");
        }
        this.seed = seed;
        this.total = total;
        this.batch = batch;
        this.rank = rank;
        this.hosts = hosts;
        this.firstStep = firstStep;
    }

    /**
     * Host {@code rank} of {@code hosts} that all hold the same {@code total} records: each step the gang reads
     * {@code hosts × batch} records, and an epoch is one pass over them.
     */
    public static EpochOrder gang(long seed, int total, int batch, int rank, int hosts) {
        long gangBatch = (long) hosts * batch;
        return new EpochOrder(seed, total, batch, rank, hosts, epoch -> ceilDiv((long) epoch * total, gangBatch));
    }

    /** A host that holds its own {@code total} records and takes {@code stepsPerEpoch} steps of them every epoch. */
    public static EpochOrder ownShard(long seed, int total, int batch, int stepsPerEpoch) {
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("stepsPerEpoch " + stepsPerEpoch + " must be positive");
        }
        return new EpochOrder(seed, total, batch, 0, 1, epoch -> (long) epoch * stepsPerEpoch);
    }

    /** Validation: every record once, in order, in batches of {@code batch} (the last one smaller). */
    public static List<Step> inOrder(int total, int batch, int epoch) {
        List<Step> steps = new ArrayList<>();
        for (int from = 0; from < total; from += batch) {
            int size = Math.min(batch, total - from);
            int[] positions = new int[size];
            int[] passes = new int[size];
            for (int i = 0; i < size; i++) {
                positions[i] = from + i;
                passes[i] = epoch;
            }
            steps.add(new Step(positions, passes));
        }
        return steps;
    }

    /** The number of steps of {@code epoch}. */
    public int steps(int epoch) {
        return Math.toIntExact(firstStep.applyAsLong(epoch + 1) - firstStep.applyAsLong(epoch));
    }

    /** This host's reads in each step of {@code epoch}, in order. */
    public List<Step> epoch(int epoch) {
        long first = firstStep.applyAsLong(epoch);
        int steps = steps(epoch);
        Map<Integer, int[]> permutations = new HashMap<>();
        List<Step> reads = new ArrayList<>(steps);
        for (long step = first; step < first + steps; step++) {
            long start = step * hosts * batch + (long) rank * batch;
            int[] positions = new int[batch];
            int[] passes = new int[batch];
            for (int i = 0; i < batch; i++) {
                long streamPosition = start + i;
                int pass = Math.toIntExact(streamPosition / total);
                passes[i] = pass;
                positions[i] = permutations.computeIfAbsent(pass, this::permutation)[(int) (streamPosition % total)];
            }
            reads.add(new Step(positions, passes));
        }
        return reads;
    }

    private int[] permutation(int pass) {
        int[] order = new int[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, pass));
        for (int i = total - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
