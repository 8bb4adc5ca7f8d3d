package sexton.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sexton.model.ProcessSample;
import sexton.model.Snapshot;

/** The process table in the HOWTO's columns plus owner, state and service; live or from history. */
@Command(name = "ps", mixinStandardHelpOptions = true,
        description = {"Show the process table, live or as recorded.",
                "Columns: PID PPID USER STAT RSS VSZ %%CPU %%MEM UNIT CMD. Live from /proc, or as recorded with --at TIME. RSS and VSZ in KiB; zombies show Z and <defunct>. %%CPU is averaged over each process's lifetime live (as ps does) and over the sample interval in history."})
final class PsCommand implements Callable<Integer> {
    enum SortKey { rss, vsz, cpu, pid, mem }

    @Mixin
    StoreOptions store;

    @Option(names = "--at", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Show the recorded table at TIME (now, 10m ago, @epoch, 2026-11-22 10:15, ISO 8601).")
    Long at;

    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "pid",
            description = "Sort by rss, vsz, cpu, mem (= rss) or pid (default: ${DEFAULT-VALUE}).")
    String sort;

    @Option(names = "--json", description = "Print a JSON array of processes.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SortKey key;
        try {
            key = SortKey.valueOf(sort.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageError("unknown sort key '" + sort + "' (use rss, vsz, cpu, mem or pid)");
        }
        Snapshot snap = SnapshotSource.get(store, at);
        List<ProcessSample> rows = new ArrayList<>(snap.processes());
        rows.sort(order(key));
        PrintStream out = System.out;
        if (json) writeJson(rows, out);
        else writeTable(rows, out);
        return Main.OK;
    }

    static Comparator<ProcessSample> order(SortKey key) {
        Comparator<ProcessSample> byPid = Comparator.comparingInt(ProcessSample::pid);
        return switch (key) {
            case pid -> byPid;
            case rss, mem -> Comparator.comparingLong(ProcessSample::rssKib).reversed().thenComparing(byPid);
            case vsz -> Comparator.comparingLong(ProcessSample::vsizeKib).reversed().thenComparing(byPid);
            case cpu -> Comparator.comparingDouble(ProcessSample::cpuPct).reversed().thenComparing(byPid);
        };
    }

    static String unit(ProcessSample p) {
        if (p.info().container() != null) return p.info().container();
        return p.info().unit() != null ? p.info().unit() : "-";
    }

    static String command(ProcessSample p) {
        String c = p.info().command();
        return p.isZombie() ? c + " <defunct>" : c;
    }

    private static void writeTable(List<ProcessSample> rows, PrintStream out) {
        int unitWidth = 4;
        for (ProcessSample p : rows) unitWidth = Math.max(unitWidth, Math.min(28, unit(p).length()));
        String fmt = "%7s %7s %-10s %-4s %9s %10s %5s %5s %-" + unitWidth + "s %s%n";
        StringBuilder b = new StringBuilder(rows.size() * 100);
        b.append(String.format(fmt, "PID", "PPID", "USER", "STAT", "RSS", "VSZ", "%CPU", "%MEM", "UNIT", "CMD"));
        for (ProcessSample p : rows) {
            b.append(String.format(Locale.ROOT, fmt, p.pid(), p.ppid() < 0 ? "-" : p.ppid(), cut(user(p), 10), p.state().code(),
                    kib(p.rssKib()), kib(p.vsizeKib()), pct(p.cpuPct()), pct(p.memPct()), cut(unit(p), unitWidth),
                    Terminal.clean(command(p))));
        }
        out.print(b);
        out.flush();
    }

    private static String user(ProcessSample p) {
        if (p.user() != null) return Terminal.clean(p.user());
        return p.status() != null && p.status().uid() >= 0 ? Integer.toString(p.status().uid()) : "?";
    }

    /** A size, or '-' where the source did not have it (a capture without that column). */
    private static String kib(long v) {
        return v < 0 ? "-" : Long.toString(v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Cuts with a '+' like ps does, so a column never shifts the ones after it. */
    private static String cut(String s, int width) {
        s = Terminal.clean(s);
        return s.length() <= width ? s : s.substring(0, width - 1) + "+";
    }

    private static void writeJson(List<ProcessSample> rows, PrintStream out) throws java.io.IOException {
        JsonGenerator g = JsonOutput.to(out);
        g.writeStartArray();
        for (ProcessSample p : rows) {
            g.writeStartObject();
            g.writeNumberField("pid", p.pid());
            g.writeNumberField("ppid", p.ppid());
            g.writeNumberField("start_ticks", p.key().startTicks());
            g.writeStringField("state", String.valueOf(p.state().code()));
            g.writeBooleanField("zombie", p.isZombie());
            g.writeNumberField("rss_kib", p.rssKib());
            g.writeNumberField("vsz_kib", p.vsizeKib());
            g.writeNumberField("cpu_pct", round(p.cpuPct()));
            g.writeNumberField("mem_pct", round(p.memPct()));
            g.writeNumberField("threads", p.numThreads());
            if (p.user() != null) g.writeStringField("user", p.user());
            else g.writeNullField("user");
            g.writeNumberField("uid", p.status() == null ? -1 : p.status().uid());
            if (p.info().unit() != null) g.writeStringField("unit", p.info().unit());
            else g.writeNullField("unit");
            if (p.info().container() != null) g.writeStringField("container", p.info().container());
            else g.writeNullField("container");
            if (p.wchan() != null) g.writeStringField("wchan", p.wchan());
            g.writeStringField("comm", p.info().comm());
            g.writeStringField("command", p.info().command());
            g.writeEndObject();
        }
        g.writeEndArray();
        JsonOutput.finish(g, out);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
