package sexton.procfs;

import sexton.model.SystemMemory;

/**
 * {@code /proc/meminfo}: {@code Key:   value kB} lines. Lines sexton does not use are skipped; a
 * field the kernel does not print (MemAvailable before 3.14, SReclaimable before 2.6.19, Shmem
 * before 2.6.32) is -1.
 */
public final class MeminfoParser {
    // Keys carry their colon so that "Cached:" never matches "SwapCached:".
    private static final byte[][] KEYS = {
        AsciiCursor.ascii("MemTotal:"), AsciiCursor.ascii("MemFree:"), AsciiCursor.ascii("MemAvailable:"),
        AsciiCursor.ascii("Buffers:"), AsciiCursor.ascii("Cached:"), AsciiCursor.ascii("SReclaimable:"),
        AsciiCursor.ascii("Shmem:"), AsciiCursor.ascii("SwapTotal:"), AsciiCursor.ascii("SwapFree:"),
        AsciiCursor.ascii("SwapCached:"),
    };

    private MeminfoParser() {
    }

    public static SystemMemory parse(byte[] buf, int len) {
        long[] v = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
        AsciiCursor c = new AsciiCursor(buf, len);
        for (; !c.atEnd(); c.nextLine()) {
            for (int k = 0; k < KEYS.length; k++) {
                if (c.lookingAt(KEYS[k])) {
                    c.skip(KEYS[k].length);
                    long n = c.nextLong();
                    if (n != AsciiCursor.NONE) v[k] = n;
                    break;
                }
            }
        }
        return new SystemMemory(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }
}
