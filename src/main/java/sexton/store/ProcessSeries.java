package sexton.store;

import java.util.List;

import sexton.model.ProcessInfo;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;

/**
 * The history of one process identity (pid, start time, boot) in a time range: its samples in time
 * order, {@code times[i]} being the snapshot time of {@code samples.get(i)}.
 */
public record ProcessSeries(ProcessKey key, long bootTime, ProcessInfo info, String user, long[] times,
                            List<ProcessSample> samples) {
}
