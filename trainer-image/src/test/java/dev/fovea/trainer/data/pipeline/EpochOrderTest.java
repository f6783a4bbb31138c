package dev.fovea.trainer.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** SageMaker's batch semantics in the read order: per-host batches, epochs of one pass, no image left out. */
class EpochOrderTest {

    @Test
    void everyEpochReadsTheTrainingSetOnceAcrossTheGangWithoutDroppingTheRemainder() {
        int total = 103;
        int hosts = 4;
        int batch = 5;
        List<Integer> stream = new ArrayList<>();
        List<Integer> passes = new ArrayList<>();
        for (int epoch = 0; epoch < 10; epoch++) {
            List<List<EpochOrder.Step>> byHost = new ArrayList<>();
            for (int rank = 0; rank < hosts; rank++) {
                byHost.add(EpochOrder.gang(9, total, batch, rank, hosts).epoch(epoch));
                assertThat(byHost.get(rank))
                        .as("every host takes the same number of steps")
                        .hasSize(byHost.getFirst().size());
            }
            assertThat(byHost.getFirst().getFirst().passes()[0])
                    .as("epoch %d starts in pass %d", epoch, epoch)
                    .isEqualTo(epoch);
            for (int step = 0; step < byHost.getFirst().size(); step++) {
                for (List<EpochOrder.Step> host : byHost) {
                    EpochOrder.Step reads = host.get(step);
                    assertThat(reads.size()).as("a full batch on every host").isEqualTo(batch);
                    Arrays.stream(reads.positions()).forEach(stream::add);
                    Arrays.stream(reads.passes()).forEach(passes::add);
                }
            }
        }
        assertThat(stream.size()).isGreaterThanOrEqualTo(10 * total);
        for (int pass = 0; pass < 10; pass++) {
            List<Integer> ofPass = new ArrayList<>();
            for (int i = 0; i < stream.size(); i++) {
                if (passes.get(i) == pass) {
                    ofPass.add(stream.get(i));
                }
            }
            assertThat(ofPass)
                    .as("pass %d reads every image exactly once", pass)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, total).boxed().toList());
        }
    }

    @Test
    void stepsPerEpochAverageTheTrainingSetOverTheGangsBatch() {
        EpochOrder order = EpochOrder.gang(1, 103, 5, 0, 4);
        assertThat(IntStream.range(0, 20).map(order::steps).toArray())
                .containsOnly(5, 6)
                .satisfies(steps -> assertThat(Arrays.stream(steps).sum())
                        .as("20 epochs of 103 images in steps of 20")
                        .isEqualTo((20 * 103 + 19) / 20));
    }

    @Test
    void nHostsAtBatchBReadInEachStepTheImagesOneHostReadsAtNTimesB() {
        List<EpochOrder.Step> oneHost = EpochOrder.gang(42, 50, 6, 0, 1).epoch(3);
        for (int rank = 0; rank < 2; rank++) {
            List<EpochOrder.Step> mine = EpochOrder.gang(42, 50, 3, rank, 2).epoch(3);
            assertThat(mine).hasSameSizeAs(oneHost);
            for (int step = 0; step < mine.size(); step++) {
                assertThat(mine.get(step).positions())
                        .isEqualTo(Arrays.copyOfRange(oneHost.get(step).positions(), 3 * rank, 3 * rank + 3));
            }
        }
        assertThat(EpochOrder.gang(42, 50, 6, 0, 1).epoch(4).getFirst().positions())
                .as("a new shuffle every epoch")
                .isNotEqualTo(oneHost.getFirst().positions());
        assertThat(EpochOrder.gang(43, 50, 6, 0, 1).epoch(3).getFirst().positions())
                .isNotEqualTo(oneHost.getFirst().positions());
    }

    @Test
    void aHostWithItsOwnShardTakesTheFixedNumberOfStepsEveryEpoch() {
        EpochOrder order = EpochOrder.ownShard(5, 30, 8, 4);
        assertThat(order.steps(0)).isEqualTo(4);
        assertThat(order.steps(7)).isEqualTo(4);
        List<Integer> firstTwoEpochs = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            order.epoch(epoch).forEach(step -> Arrays.stream(step.positions()).forEach(firstTwoEpochs::add));
        }
        assertThat(firstTwoEpochs).hasSize(64);
        assertThat(firstTwoEpochs.subList(0, 30))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 30).boxed().toList());
    }

    @Test
    void validationReadsEveryRecordOnceInFileOrder() {
        List<EpochOrder.Step> steps = EpochOrder.inOrder(10, 4, 2);
        assertThat(steps).extracting(EpochOrder.Step::size).containsExactly(4, 4, 2);
        assertThat(steps.stream().flatMapToInt(step -> Arrays.stream(step.positions())))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
}
