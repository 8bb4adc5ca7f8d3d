package sexton.model;

import java.util.List;

/** System memory over time: {@code memory.get(i)} is the host at {@code times[i]}. */
public record SystemSeries(long[] times, List<SystemMemory> memory) {
    public SystemSeries {
        memory = List.copyOf(memory);
    }

    public int size() { return times.length; }
}
