package sexton.procfs;

import sexton.model.ProcessStatus;

/**
 * {@code /proc/PID/status}: {@code Key:<tab>value} lines. Reads the real uid, the tracer and the
 * memory split; a field the file lacks is -1 (kernel threads have no Vm lines, kernels before
 * 4.5 no RssAnon/RssFile/RssShmem, before 2.6.34 no VmSwap).
 */
public final class StatusParser {
    private static final byte[] UID = AsciiCursor.ascii("Uid:");
    private static final byte[] TRACER_PID = AsciiCursor.ascii("TracerPid:");
    private static final byte[] VM_SWAP = AsciiCursor.ascii("VmSwap:");
    private static final byte[] RSS_ANON = AsciiCursor.ascii("RssAnon:");
    private static final byte[] RSS_FILE = AsciiCursor.ascii("RssFile:");
    private static final byte[] RSS_SHMEM = AsciiCursor.ascii("RssShmem:");

    private StatusParser() {
    }

    public static ProcessStatus parse(byte[] buf, int len) {
        long uid = -1, tracerPid = -1, vmSwap = -1, rssAnon = -1, rssFile = -1, rssShmem = -1;
        AsciiCursor c = new AsciiCursor(buf, len);
        for (; !c.atEnd(); c.nextLine()) {
            // The first number of Uid: is the real uid; effective, saved and fs uids follow.
            if (c.lookingAt(UID)) uid = value(c, UID);
            else if (c.lookingAt(TRACER_PID)) tracerPid = value(c, TRACER_PID);
            else if (c.lookingAt(VM_SWAP)) vmSwap = value(c, VM_SWAP);
            else if (c.lookingAt(RSS_ANON)) rssAnon = value(c, RSS_ANON);
            else if (c.lookingAt(RSS_FILE)) rssFile = value(c, RSS_FILE);
            else if (c.lookingAt(RSS_SHMEM)) rssShmem = value(c, RSS_SHMEM);
        }
        return new ProcessStatus((int) uid, (int) tracerPid, vmSwap, rssAnon, rssFile, rssShmem);
    }

    private static long value(AsciiCursor c, byte[] key) {
        c.skip(key.length);
        long v = c.nextLong();
        return v == AsciiCursor.NONE ? -1 : v;
    }
}
