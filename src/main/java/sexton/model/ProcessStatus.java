package sexton.model;

/**
 * Figures from {@code /proc/PID/status}, read at a slow cadence: real uid, tracer pid (0 when not
 * traced), and memory in KiB. -1 means unknown (file unreadable, field absent on this kernel, or not
 * read yet).
 */
public record ProcessStatus(int uid, int tracerPid, long vmSwapKib, long rssAnonKib, long rssFileKib,
                            long rssShmemKib) {
    public static final ProcessStatus UNKNOWN = new ProcessStatus(-1, -1, -1, -1, -1, -1);
}
