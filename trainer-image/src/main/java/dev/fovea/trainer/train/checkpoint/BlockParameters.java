package dev.fovea.trainer.train.checkpoint;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.fovea.trainer.train.FiniteParameters;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The network's parameters as a checkpoint part, in DJL's own {@code .params} encoding; never NaN or infinite. */
public final class BlockParameters implements CheckpointPart {

    private final Block block;
    private final NDManager manager;

    public BlockParameters(Block block, NDManager manager) {
        this.block = block;
        this.manager = manager;
    }

    @Override
    public String fileName() {
        return "parameters.params";
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        FiniteParameters.check(block, "the checkpoint");
        block.saveParameters(out);
    }

    @Override
    public void load(DataInputStream in) throws IOException {
        try {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("the checkpoint's parameters do not fit this network: " + e.getMessage(), e);
        }
    }
}
