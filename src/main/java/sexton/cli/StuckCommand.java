package sexton.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sexton.analysis.StuckProcesses;
import sexton.analysis.StuckProcesses.Stuck;
import sexton.model.ProcState;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.Snapshot;
import sexton.procfs.ProcFs;
import sexton.record.Sampler;
import sexton.store.HostRow;
import sexton.store.ProcessSeries;
import sexton.store.Store;

/** Processes that kill -9 cannot remove right now, and why. */
@Command(name = "stuck", mixinStandardHelpOptions = true,
        description = {"List processes that kill -9 cannot remove right now, and why.",
                "D state (uninterruptible sleep in the kernel, usually waiting for I/O: NFS, a failing disk): with wchan, the kernel stack when readable, and since when (from recorded history), grouped by wchan. Traced processes with their tracer; stopped (T) processes. Zombies: see sexton zombies.",
                "Live by default; with --db/--host, the latest recorded sample. Exit 1 when any process is stuck, 0 otherwise."})
final class StuckCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;


    @Override
    public Integer call() throws Exception {
        Snapshot now;
        boolean live = store.db == null && store.host == null;
        String hostName;
        Map<ProcessKey, Long> since = new HashMap<>();
        if (live) {
            try (Sampler s = Sampler.system()) {
                now = s.take();
                hostName = s.hostName();
            }
        } else {
            try (Store s = Store.openReadOnly(store.path())) {
                HostRow host = store.pickHost(s, Sampler.system().hostName());
                hostName = host.name();
                now = s.snapshotAt(host.id(), Long.MAX_VALUE).orElseThrow(() -> new UsageError("no history of " + host.name()));
            }
        }
        // since when: the recorded history of this host, when there is one (the default store, or --db)
        try (Store s = Store.openReadOnly(store.path())) {
            java.util.Optional<HostRow> host = s.host(hostName);
            if (host.isPresent()) {
                for (ProcessSeries ps : s.series(host.get().id(), now.timeMillis() - 24 * 3_600_000L, now.timeMillis())) {
                    List<ProcessSample> samples = ps.samples();
                    int i = samples.size() - 1;
                    if (i < 0 || samples.get(i).state() != ProcState.DISK_SLEEP) continue;
                    while (i > 0 && samples.get(i - 1).state() == ProcState.DISK_SLEEP) i--;
                    since.put(ps.key(), ps.times()[i]);
                }
            }
        } catch (sexton.store.StoreException | UsageError e) {
            // no history: "since" stays unknown
        }
        ProcFs fs = ProcFs.system();
        byte[] buf = new byte[16384];
        boolean readStacks = live;
        StuckProcesses.Result found = StuckProcesses.find(now, since, p -> {
            if (!readStacks) return null;
            int n = fs.readPidFile(p.pid(), "stack", buf);
            return n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII).strip() : null;
        });
        List<Stuck> stuck = found.stuck();
        int zombies = found.zombies();
        if (json) writeJson(hostName, now, stuck, zombies);
        else writeText(hostName, now, stuck, zombies);
        return stuck.isEmpty() ? Main.OK : Main.FINDINGS;
    }

    private static void writeText(String host, Snapshot now, List<Stuck> stuck, int zombies) {
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "%s at %s: %d stuck process%s%n", Terminal.clean(host), JsonOutput.iso(now.timeMillis()), stuck.size(),
                stuck.size() == 1 ? "" : "es");
        Map<String, List<Stuck>> dByWchan = new TreeMap<>();
        for (Stuck s : stuck) {
            if (s.process().state() == ProcState.DISK_SLEEP) dByWchan.computeIfAbsent(s.process().wchan() == null ? "?" : s.process().wchan(), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<Stuck>> e : dByWchan.entrySet()) {
            out.printf(Locale.ROOT, "%nD state at %s: %d process%s; uninterruptible sleep in the kernel: kill -9 waits until the resource "
                    + "(often I/O: NFS, a failing disk) answers%n", Terminal.clean(e.getKey()), e.getValue().size(), e.getValue().size() == 1 ? "" : "es");
            for (Stuck s : e.getValue()) {
                out.printf(Locale.ROOT, "  %7d %-10s %s%s%n", s.process().pid(), Terminal.clean(s.process().user() == null ? "?" : s.process().user()),
                        Terminal.clean(s.process().info().command()), s.sinceMillis() == null ? "" : "  (in D since " + JsonOutput.iso(s.sinceMillis())
                                + ", " + ZombiesCommand.age(now.timeMillis() - s.sinceMillis()) + ")");
                if (s.stack() != null) for (String l : s.stack().split("\n")) out.println("          " + Terminal.clean(l));
            }
        }
        for (Stuck s : stuck) {
            if (s.process().state() == ProcState.DISK_SLEEP) continue;
            out.printf(Locale.ROOT, "%n%7d %s: %s%n", s.process().pid(), Terminal.clean(s.process().info().command()), Terminal.clean(s.reason()));
        }
        if (zombies > 0) out.printf(Locale.ROOT, "%n%d zombies: already dead, only their parent can remove them: see sexton zombies%n", zombies);
        out.flush();
    }

    private static void writeJson(String host, Snapshot now, List<Stuck> stuck, int zombies) throws java.io.IOException {
        PrintStream out = System.out;
        JsonGenerator g = JsonOutput.to(out);
        g.writeStartObject();
        g.writeStringField("host", host);
        g.writeStringField("time", JsonOutput.iso(now.timeMillis()));
        g.writeNumberField("zombies", zombies);
        g.writeArrayFieldStart("processes");
        for (Stuck s : stuck) {
            g.writeStartObject();
            g.writeNumberField("pid", s.process().pid());
            g.writeNumberField("ppid", s.process().ppid());
            g.writeStringField("command", s.process().info().command());
            g.writeStringField("state", String.valueOf(s.process().state().code()));
            if (s.process().wchan() != null) g.writeStringField("wchan", s.process().wchan());
            else g.writeNullField("wchan");
            if (s.sinceMillis() != null) g.writeStringField("since", JsonOutput.iso(s.sinceMillis()));
            else g.writeNullField("since");
            g.writeNumberField("tracer_pid", s.process().status() == null ? -1 : Math.max(0, s.process().status().tracerPid()));
            if (s.tracerCommand() != null) g.writeStringField("tracer_command", s.tracerCommand());
            if (s.stack() != null) g.writeStringField("stack", s.stack());
            g.writeStringField("reason", s.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        JsonOutput.finish(g, out);
    }
}
