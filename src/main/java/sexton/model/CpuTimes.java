package sexton.model;

/** The aggregate {@code cpu} line of {@code /proc/stat}, in clock ticks since boot. */
public record CpuTimes(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
                       long steal) {
    public static final CpuTimes ZERO = new CpuTimes(0, 0, 0, 0, 0, 0, 0, 0);

    public long total() { return user + nice + system + idle + iowait + irq + softirq + steal; }

    public long busy() { return total() - idle - iowait; }
}
