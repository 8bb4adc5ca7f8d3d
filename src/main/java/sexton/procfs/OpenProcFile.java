package sexton.procfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A /proc file kept open and re-read with pread at offset 0: a seq_file regenerates its content on a
 * read from position 0, so every sample costs one syscall instead of open, read and close. The
 * descriptor refers to the process it was opened for: once that process is gone the read fails
 * (ESRCH), even if its pid has been reused, so a kept file never reports another process. Holding it
 * does not keep the pid number from being reused. Costs about one page of kernel memory while open
 * (the seq_file buffer), which is why callers cap how many they keep.
 */
public final class OpenProcFile implements AutoCloseable {
    private final FileChannel channel;

    private OpenProcFile(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens the file; null when it is missing or unreadable (the caller falls back to a plain read). */
    public static OpenProcFile open(String absolutePath) {
        try {
            return new OpenProcFile(FileChannel.open(Path.of(absolutePath), StandardOpenOption.READ));
        } catch (AccessDeniedException e) {
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * Reads the whole file again into {@code dst} through {@code scratch} (a direct buffer, so the JDK
     * does not copy through a temporary one). Returns the byte count, or {@link ProcFs#MISSING} when the
     * process is gone; the file should then be closed.
     */
    public int read(ByteBuffer scratch, byte[] dst) {
        scratch.clear();
        scratch.limit(Math.min(scratch.capacity(), dst.length));
        try {
            int n = channel.read(scratch, 0);
            if (n <= 0) return ProcFs.MISSING;
            scratch.flip();
            scratch.get(dst, 0, n);
            return n;
        } catch (IOException e) {
            return ProcFs.failureCode(e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a /proc descriptor cannot lose data
        }
    }
}
