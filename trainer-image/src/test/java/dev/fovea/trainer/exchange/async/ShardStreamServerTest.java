package dev.fovea.trainer.exchange.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.fovea.api.spec.KvStore;
import dev.fovea.trainer.exchange.GradientExchange;
import dev.fovea.trainer.exchange.GradientExchanges;
import dev.fovea.trainer.exchange.PeerLostException;
import dev.fovea.trainer.exchange.transport.Gang;
import dev.fovea.trainer.exchange.transport.LoopbackHosts;
import dev.fovea.trainer.exchange.transport.StreamConnection;
import dev.fovea.trainer.exchange.transport.StreamPurpose;
import dev.fovea.trainer.optimizer.Sgd;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A shard server answers only requests it can serve: a push for a parameter it does not hold is refused with the
 * reason, and the stream closed, rather than applied somewhere or left hanging.
 */
class ShardStreamServerTest {

    private static final String TOKEN = "shard-test-token";
    private static final Duration TIMEOUT = LoopbackHosts.TIMEOUT;

    @Test
    void aPushForAParameterTheHostDoesNotServeIsRefusedWithTheReason() throws Exception {
        LoopbackHosts hosts = new LoopbackHosts();
        try (Gang caller = hosts.gang(1, TOKEN);
                GradientExchange server = GradientExchanges.create(
                        KvStore.DIST_ASYNC,
                        hosts.rank(0),
                        LoopbackHosts.settings(TOKEN),
                        () -> new Sgd(Tracker.fixed(0.1f), 1f, 0f, 0f));
                Model model = Model.newInstance("shard-server")) {
            model.setBlock(Linear.builder().setUnits(3).build());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(1, 4));
                server.start(trainer);
                StreamConnection stream = caller.streams().connect(0, StreamPurpose.SHARD, TIMEOUT);

                stream.writeFully(
                        new ByteBuffer[] {new ShardMessage(ShardMessage.Kind.PUSH, 999, 0, 4).encode()}, TIMEOUT);
                ByteBuffer answer = ShardMessage.buffer();
                stream.readFully(new ByteBuffer[] {answer}, TIMEOUT);

                ShardMessage refusal = ShardMessage.decode(answer);
                assertThat(refusal.kind()).isEqualTo(ShardMessage.Kind.REFUSED);
                assertThat(refusal.reason()).contains("does not serve that parameter");
                assertThatThrownBy(() -> stream.readFully(new ByteBuffer[] {ByteBuffer.allocate(1)}, TIMEOUT))
                        .isInstanceOf(PeerLostException.class)
                        .hasMessageContaining("closed its stream connection");
            }
        }
    }
}
