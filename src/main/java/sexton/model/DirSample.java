package sexton.model;

import java.util.Map;

/**
 * One look at a watched directory tree: its apparent and allocated bytes, regular files, oldest and
 * newest file (epoch ms, -1 when none), the size and free space of its file system (statvfs: what
 * an unprivileged writer may still use), what could not be read or vanished during the walk, and
 * bytes and files per owner and per immediate child directory (the child's name, not its path).
 */
public record DirSample(String path, long timeMillis, long bytes, long allocatedBytes, long files, long oldestMillis, long newestMillis,
                        long fsSizeBytes, long fsAvailBytes, long unreadable, long vanished, Map<String, Usage> owners,
                        Map<String, Usage> children) {
    public DirSample {
        owners = Map.copyOf(owners);
        children = Map.copyOf(children);
    }

    /** Bytes and regular files of one owner or one child directory. */
    public record Usage(long bytes, long files) {
    }
}
