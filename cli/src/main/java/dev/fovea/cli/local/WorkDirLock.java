package dev.fovea.cli.local;

import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code fovea run} per work directory: an exclusive lock on {@code .lock} in it, holding the owner's pid. The
 * operating system releases the lock when the owner exits, however it exits, so a killed run never leaves a stale one.
 */
final class WorkDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private WorkDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code file}.
     *
     * @throws ClientError naming the pid of the run that holds it
     */
    static WorkDirLock take(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldByThisProcess) {
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            channel.close();
            throw new ClientError("the work directory " + file.getParent() + " is in use by another fovea run"
                    + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                    + "; wait for it to end or stop it, or pass another --work-dir");
        }
        channel.truncate(0);
        channel.write(
                ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
        return new WorkDirLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
