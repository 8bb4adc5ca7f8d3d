package sexton.model;

/** What {@code /proc/stat} says beside the cpu lines. {@code forks} is the {@code processes} line. */
public record KernelStats(CpuTimes cpu, long bootTimeSec, long forks, int procsRunning, int procsBlocked) {
}
