package sexton.model;

/** {@code /proc/loadavg}: the three averages, runnable/total scheduling entities, last pid used. */
public record LoadAverage(double load1, double load5, double load15, int runnable, int entities, int lastPid) {
    public static final LoadAverage ZERO = new LoadAverage(0, 0, 0, 0, 0, 0);
}
