package dev.fovea.trainer.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpochOrderTest {

    @Test
    void trainingShardsAreDisjointEqualAndCoverAllButTheRemainder() {
        Set<Integer> seen = new HashSet<>();
        for (int rank = 0; rank < 4; rank++) {
            int[] mine = new EpochOrder(9, true, true, rank, 4).positions(103, 2);
            assertThat(mine).hasSize(25);
            for (int position : mine) {
                assertThat(seen.add(position))
                        .as("position %d read twice", position)
                        .isTrue();
            }
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void validationShardsCoverEveryRecordInFileOrder() {
        Set<Integer> seen = new HashSet<>();
        for (int rank = 0; rank < 3; rank++) {
            int[] mine = new EpochOrder(9, false, false, rank, 3).positions(10, 0);
            assertThat(mine).isSorted();
            Arrays.stream(mine).forEach(seen::add);
        }
        assertThat(seen)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 10).boxed().toList());
    }

    @Test
    void everyRankSeesTheSameShuffleForTheSameSeedAndEpoch() {
        int[] whole = new EpochOrder(42, true, true, 0, 1).positions(40, 3);
        for (int rank = 0; rank < 4; rank++) {
            int[] mine = new EpochOrder(42, true, true, rank, 4).positions(40, 3);
            for (int i = 0; i < mine.length; i++) {
                assertThat(mine[i]).isEqualTo(whole[rank + 4 * i]);
            }
            assertThat(new EpochOrder(42, true, true, rank, 4).positions(40, 3)).isEqualTo(mine);
        }
        assertThat(whole).isNotEqualTo(IntStream.range(0, 40).toArray());
        assertThat(new EpochOrder(42, true, true, 0, 1).positions(40, 4)).isNotEqualTo(whole);
        assertThat(new EpochOrder(43, true, true, 0, 1).positions(40, 3)).isNotEqualTo(whole);
    }
}
