package sexton.model;

/**
 * Identity of one process: its pid and its start time in clock ticks after boot
 * ({@code /proc/PID/stat} field 22). A reused pid has another start time, so two programs that
 * shared a pid never share a key.
 */
public record ProcessKey(int pid, long startTicks) implements Comparable<ProcessKey> {
    // written out: the generated record methods go through an indy bootstrap that showed in profiles
    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessKey k && k.pid == pid && k.startTicks == startTicks;
    }

    @Override
    public int hashCode() {
        // mixed: pid*31 + serial collided often for imported captures, whose start ticks are serials
        return Long.hashCode((startTicks + 0x9E3779B97F4A7C15L * pid) * 0xC2B2AE3D27D4EB4FL);
    }

    @Override
    public int compareTo(ProcessKey o) {
        int c = Integer.compare(pid, o.pid);
        return c != 0 ? c : Long.compare(startTicks, o.startTicks);
    }
}
