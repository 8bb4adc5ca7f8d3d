package sexton.model;

import java.util.List;

/**
 * The host over time: {@code memory.get(i)} at {@code times[i]}, with the kernel's fork counter
 * (processes created since boot), the zombies and the processes in D state (procs_blocked) counted
 * at that sample.
 */
public record SystemSeries(long[] times, List<SystemMemory> memory, long[] forks, int[] zombies, int[] blocked) {
    public SystemSeries {
        memory = List.copyOf(memory);
    }

    public int size() { return times.length; }
}
