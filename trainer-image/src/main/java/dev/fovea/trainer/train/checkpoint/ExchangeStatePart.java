package dev.fovea.trainer.train.checkpoint;

import dev.fovea.trainer.exchange.GradientExchange;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * The gradient exchange's own state as a checkpoint part: in dist_async, the shard servers' optimizer state, which
 * lives on every host rather than in the checkpointing host's optimizer. Modes without such state write an empty part.
 */
public final class ExchangeStatePart implements CheckpointPart {

    private final GradientExchange exchange;

    public ExchangeStatePart(GradientExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public String fileName() {
        return "exchange.state";
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        Optional<byte[]> state = exchange.checkpointState();
        out.writeBoolean(state.isPresent());
        if (state.isPresent()) {
            out.writeInt(state.get().length);
            out.write(state.get());
        }
    }

    @Override
    public void load(DataInputStream in) throws IOException {
        if (in.readBoolean()) {
            byte[] state = new byte[in.readInt()];
            in.readFully(state);
            exchange.restoreCheckpointState(state);
        }
    }
}
