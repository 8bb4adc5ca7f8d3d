package sexton.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sexton.analysis.LeakAnalysis;
import sexton.analysis.TrendJudgement;
import sexton.model.MemoryLimits;
import sexton.procfs.MemoryLimitsReader;
import sexton.record.Sampler;
import sexton.store.HostRow;
import sexton.store.Store;

/** Memory-leak verdicts over recorded or imported history, with evidence and forecasts. */
@Command(name = "leaks", mixinStandardHelpOptions = true,
        description = {"Find memory leaks in recorded or imported history.",
                "Judges RSS, VSIZE and swap of every process, and of every group of processes sharing a command line or a unit, on the lower envelope of each series (robust Theil-Sen slope, Mann-Kendall trend test corrected for autocorrelation, the recent part must still rise). A leak gets a forecast: when the host runs out (MemAvailable + free swap over the combined slope) and when the process hits its cgroup memory.max or RLIMIT_AS (live processes of this host).",
                "Exit 1 when a leak is found, 0 otherwise."})
final class LeaksCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    PrometheusSource prometheus;

    @Mixin
    WindowOptions window;

    @Option(names = "--all", description = "Also list every judged series with its verdict.")
    boolean all;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (prometheus.given()) prometheus.applyTo(store);
        LeakAnalysis.Result r;
        String hostName;
        try (Store s = Store.openReadOnly(store.path())) {
            String local = Sampler.system().hostName();
            HostRow host = store.pickHost(s, local);
            hostName = host.name();
            long[] w = window.window(s, host);
            MemoryLimitsReader limits = host.name().equals(local) ? MemoryLimitsReader.system() : null;
            r = sexton.report.Diagnosis.leaks(s, host, w[0], w[1], key -> limits == null ? MemoryLimits.NONE : limits.read(key));
        }
        List<LeakAnalysis.Finding> shown = all ? r.findings() : r.leaks();
        if (json) writeJson(hostName, r, shown);
        else writeText(hostName, r, shown);
        return r.leaks().isEmpty() ? Main.OK : Main.FINDINGS;
    }

    private void writeText(String host, LeakAnalysis.Result r, List<LeakAnalysis.Finding> shown) {
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "%s: %d samples, %s to %s%n", Terminal.clean(host), r.snapshots(),
                r.snapshots() == 0 ? "-" : JsonOutput.iso(r.fromMillis()), r.snapshots() == 0 ? "-" : JsonOutput.iso(r.toMillis()));
        if (r.insufficient() != null) out.println("not enough history for a verdict: " + r.insufficient());
        if (r.leaks().isEmpty()) out.println("no leak found" + (r.insufficient() != null ? " (see above)" : ""));
        for (LeakAnalysis.Finding f : shown) out.println(line(f));
        if (r.hostExhaustionAtMillis() != null) {
            out.printf(Locale.ROOT, "host: %s available (MemAvailable + free swap); leaking RSS grows %s/h together: out of memory about %s%n",
                    Terminal.human(r.headroomKib()), Terminal.human((long) r.combinedSlopeKibPerHour()), JsonOutput.iso(r.hostExhaustionAtMillis()));
        }
        out.flush();
    }

    static String line(LeakAnalysis.Finding f) {
        TrendJudgement j = f.judgement();
        String who = f.kind() == LeakAnalysis.Kind.PROCESS ? "pid " + f.key().pid()
                : "group of " + f.members() + (f.command() != null ? "" : " in " + f.unit());
        String what = f.command() != null ? f.command() : f.unit();
        String forecast = f.exhaustionAtMillis() == null ? "" : "  runs out (" + f.exhaustionBy() + ") about " + JsonOutput.iso(f.exhaustionAtMillis());
        return String.format(Locale.ROOT, "%-16s %-7s %-20s %-5s %+8.1f MiB/h %+6.1f %%/h  %s -> %s  conf %.2f  %s%s",
                j.verdict().label(), f.kind().label(), who, f.metric(), j.slopePerHour() / 1024, j.relativeGrowthPerHour() * 100,
                Terminal.human(f.startKib()), Terminal.human(f.endKib()), j.confidence(), Terminal.clean(cut(what, 60)), forecast)
                + (j.verdict() == sexton.analysis.Verdict.INSUFFICIENT_DATA || j.verdict() == sexton.analysis.Verdict.LEAK
                        ? "  (" + j.reason() + ")" : "");
    }

    private static String cut(String s, int n) {
        return s == null ? "-" : s.length() <= n ? s : s.substring(0, n - 1) + "+";
    }

    private void writeJson(String host, LeakAnalysis.Result r, List<LeakAnalysis.Finding> shown) throws java.io.IOException {
        PrintStream out = System.out;
        JsonGenerator g = JsonOutput.to(out);
        g.writeStartObject();
        g.writeStringField("host", host);
        g.writeNumberField("samples", r.snapshots());
        if (r.snapshots() > 0) {
            g.writeStringField("from", JsonOutput.iso(r.fromMillis()));
            g.writeStringField("to", JsonOutput.iso(r.toMillis()));
        }
        if (r.insufficient() != null) g.writeStringField("insufficient_data", r.insufficient());
        else g.writeNullField("insufficient_data");
        g.writeNumberField("headroom_kib", r.headroomKib());
        g.writeNumberField("combined_slope_kib_per_hour", Math.round(r.combinedSlopeKibPerHour()));
        if (r.hostExhaustionAtMillis() != null) g.writeStringField("host_exhaustion_at", JsonOutput.iso(r.hostExhaustionAtMillis()));
        else g.writeNullField("host_exhaustion_at");
        g.writeArrayFieldStart("findings");
        for (LeakAnalysis.Finding f : shown) {
            TrendJudgement j = f.judgement();
            g.writeStartObject();
            g.writeStringField("kind", f.kind().label());
            if (f.key() != null) g.writeNumberField("pid", f.key().pid());
            else g.writeNullField("pid");
            if (f.command() != null) g.writeStringField("command", f.command());
            else g.writeNullField("command");
            if (f.unit() != null) g.writeStringField("unit", f.unit());
            else g.writeNullField("unit");
            g.writeStringField("metric", f.metric());
            g.writeStringField("verdict", j.verdict().label());
            g.writeNumberField("slope_kib_per_hour", Math.round(j.slopePerHour() * 10) / 10.0);
            g.writeNumberField("slope_low_kib_per_hour", Math.round(j.slopeLowPerHour() * 10) / 10.0);
            g.writeNumberField("slope_high_kib_per_hour", Math.round(j.slopeHighPerHour() * 10) / 10.0);
            g.writeNumberField("relative_per_hour", Math.round(j.relativeGrowthPerHour() * 10000) / 10000.0);
            g.writeNumberField("confidence", Math.round(j.confidence() * 1000) / 1000.0);
            g.writeNumberField("start_kib", f.startKib());
            g.writeNumberField("end_kib", f.endKib());
            g.writeNumberField("samples", f.samples());
            g.writeNumberField("members", f.members());
            if (f.exhaustionAtMillis() != null) {
                g.writeStringField("exhaustion_at", JsonOutput.iso(f.exhaustionAtMillis()));
                g.writeStringField("exhaustion_by", f.exhaustionBy());
            } else {
                g.writeNullField("exhaustion_at");
            }
            g.writeStringField("reason", j.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        JsonOutput.finish(g, out);
    }
}
