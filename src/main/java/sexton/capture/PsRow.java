package sexton.capture;

/**
 * One row of a {@code ps} or {@code top} table. A column the layout lacks is -1 (numbers), NaN
 * (percentages), {@code '?'} (state) or null (text). {@code uid} is set when a user column shows a
 * number. {@code cpuSeconds} is the TIME column (cumulative CPU). {@code command} is as printed.
 */
public record PsRow(int pid, int ppid, String user, int uid, long rssKib, long vszKib, double cpuPct,
                    double memPct, char state, String wchan, int threads, long cpuSeconds, String command,
                    boolean zombie) {
}
