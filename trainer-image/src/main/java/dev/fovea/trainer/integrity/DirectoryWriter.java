package dev.fovea.trainer.integrity;

import java.io.IOException;
import java.nio.file.Path;

/** Writes files into the directory it is given (a staging directory that becomes a checkpoint or a model). */
@FunctionalInterface
public interface DirectoryWriter {

    void writeInto(Path directory) throws IOException;
}
