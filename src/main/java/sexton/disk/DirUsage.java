package sexton.disk;

import java.util.List;
import java.util.Map;

/**
 * One directory tree: apparent bytes, allocated bytes (rounded up to 4 KiB blocks: NIO does not
 * expose st_blocks, so sparse files count as full), regular files, the oldest and newest file
 * (mtime, epoch ms; -1 when none), usage per owner, the largest children and files, and what could
 * not be read ({@code denied}) or was gone before it was read ({@code vanished}).
 */
public record DirUsage(String path, long bytes, long allocatedBytes, long files, long dirs, long oldestMillis, long newestMillis,
                       Map<String, Owner> byOwner, List<Entry> largestChildren, List<Entry> largestFiles, long denied,
                       long vanished, List<String> deniedPaths) {
    /** Bytes and files of one owner. */
    public record Owner(long bytes, long files) {
    }

    /** A child directory or a file: its path, bytes, and for files the modification time. */
    public record Entry(String path, long bytes, long files, long mtimeMillis) {
    }
}
