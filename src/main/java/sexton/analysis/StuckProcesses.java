package sexton.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import sexton.model.ProcState;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.Snapshot;

/**
 * Processes that {@code kill -9} cannot remove right now, and why: in uninterruptible sleep (D), held
 * by a tracer, or stopped. Zombies are counted apart: only their parent can remove them.
 */
public final class StuckProcesses {
    /** One stuck process: why, its kernel stack when known, since when in D (null unknown), the tracer's command. */
    public record Stuck(ProcessSample process, String reason, String stack, Long sinceMillis, String tracerCommand) {
    }

    public record Result(List<Stuck> stuck, int zombies) {
    }

    private StuckProcesses() {}

    /**
     * @param since  when each process identity entered D, from history (absent: unknown)
     * @param stacks the kernel stack of a process when readable, else null
     */
    public static Result find(Snapshot now, Map<ProcessKey, Long> since, Function<ProcessSample, String> stacks) {
        Map<Integer, ProcessSample> byPid = new HashMap<>();
        for (ProcessSample p : now.processes()) byPid.put(p.pid(), p);
        List<Stuck> out = new ArrayList<>();
        int zombies = 0;
        for (ProcessSample p : now.processes()) {
            if (p.isZombie()) {
                zombies++;
                continue;
            }
            int tracer = p.status() == null ? 0 : p.status().tracerPid();
            if (p.state() == ProcState.DISK_SLEEP) {
                out.add(new Stuck(p, "uninterruptible sleep in the kernel" + (p.wchan() != null ? " at " + p.wchan() : "")
                        + ": it waits for a resource (often I/O: NFS, a failing disk) and dies only when that resource answers",
                        stacks.apply(p), since.get(p.key()), null));
            } else if (tracer > 0) {
                ProcessSample t = byPid.get(tracer);
                out.add(new Stuck(p, "traced by pid " + tracer + (t == null ? "" : " (" + t.info().command() + ")")
                        + ": the tracer holds it; detach the debugger", null, null, t == null ? null : t.info().command()));
            } else if (p.state() == ProcState.STOPPED || p.state() == ProcState.TRACED) {
                out.add(new Stuck(p, "stopped (" + p.state().code() + "): it runs again on SIGCONT (kill -CONT " + p.pid() + ")",
                        null, null, null));
            }
        }
        return new Result(out, zombies);
    }
}
