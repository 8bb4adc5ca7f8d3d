package sexton.model;

/**
 * Identity of one process: its pid and its start time in clock ticks after boot
 * ({@code /proc/PID/stat} field 22). A reused pid has another start time, so two programs that
 * shared a pid never share a key.
 */
public record ProcessKey(int pid, long startTicks) implements Comparable<ProcessKey> {
    @Override
    public int compareTo(ProcessKey o) {
        int c = Integer.compare(pid, o.pid);
        return c != 0 ? c : Long.compare(startTicks, o.startTicks);
    }
}
