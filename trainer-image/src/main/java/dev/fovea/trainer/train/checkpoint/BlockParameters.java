package dev.fovea.trainer.train.checkpoint;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The network's parameters as a checkpoint part, in DJL's own {@code .params} encoding. */
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
