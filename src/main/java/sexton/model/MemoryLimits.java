package sexton.model;

/**
 * The ceilings a process's memory can hit, in KiB, -1 when none or unknown: its cgroup's
 * {@code memory.max} (v2) or {@code memory.limit_in_bytes} (v1), and {@code RLIMIT_AS}
 * ("Max address space" in {@code /proc/PID/limits}), which bounds VSIZE.
 */
public record MemoryLimits(long cgroupKib, long addressSpaceKib) {
    public static final MemoryLimits NONE = new MemoryLimits(-1, -1);
}
