package dev.fovea.trainer.train.checkpoint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** One file of a checkpoint (the parameters, the optimizer state): how to write it and how to read it back. */
public interface CheckpointPart {

    /** The file name inside {@code epoch-NNNN/}. */
    String fileName();

    void save(DataOutputStream out) throws IOException;

    void load(DataInputStream in) throws IOException;
}
