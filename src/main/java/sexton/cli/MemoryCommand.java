package sexton.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sexton.analysis.Criteria;
import sexton.analysis.MemoryVerdicts;
import sexton.analysis.TrendJudgement;
import sexton.model.Snapshot;
import sexton.model.SystemMemory;
import sexton.record.Sampler;
import sexton.store.HostRow;
import sexton.store.Store;

/** The HOWTO's system-memory verdicts, each with its rule and numbers. */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Judge system memory the way the memory-profiling HOWTO does, with the numbers.",
                "Memory Used near the total is normal (the kernel caches); used - buffers - cached at 75 %% of used means a leak or too little RAM (the same rule on MemAvailable); swap that climbs steadily; processes above --mem-threshold %%MEM; when MemAvailable runs out at its trend.",
                "Exit 1 when a rule triggers or swap or application memory leaks, 0 otherwise."})
final class MemoryCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    WindowOptions window;

    @Option(names = "--mem-threshold", paramLabel = "PCT", defaultValue = "10",
            description = "List processes above this %%MEM (default: ${DEFAULT-VALUE}, the HOWTO's).")
    double memThreshold;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (memThreshold < 0 || memThreshold > 100) throw new UsageError("--mem-threshold must be between 0 and 100");
        MemoryVerdicts.Result r;
        String hostName;
        try (Store s = Store.openReadOnly(store.path())) {
            HostRow host = store.pickHost(s, Sampler.system().hostName());
            hostName = host.name();
            long[] w = window.window(s, host);
            Snapshot latest = s.snapshotAt(host.id(), w[1])
                    .orElseThrow(() -> new UsageError("no sample of " + host.name() + " in that window"));
            if (latest.memory().totalKib() <= 0) {
                throw new UsageError(host.name() + " has no memory figures (a ps-only capture): import its free or top output too");
            }
            r = MemoryVerdicts.judge(s.systemSeries(host.id(), w[0], w[1]), latest, memThreshold, Criteria.DEFAULT);
        }
        if (json) writeJson(hostName, r);
        else writeText(hostName, r);
        return r.needsAttention() ? Main.FINDINGS : Main.OK;
    }

    private void writeText(String host, MemoryVerdicts.Result r) {
        PrintStream out = System.out;
        SystemMemory m = r.latest();
        out.printf(Locale.ROOT, "%s at %s: total %s, used %s, free %s, buffers %s, cached %s, available %s, swap used %s of %s%n",
                Terminal.clean(host), JsonOutput.iso(r.atMillis()), Terminal.human(m.totalKib()), Terminal.human(m.usedWithCacheKib()),
                Terminal.human(m.freeKib()), Terminal.human(m.buffersKib()), Terminal.human(m.cachedKib()),
                Terminal.human(m.availableOrEstimateKib()), Terminal.human(m.swapUsedKib()), Terminal.human(m.swapTotalKib()));
        out.printf(Locale.ROOT, "ok        used is %.0f %% of total: normal, the kernel keeps RAM busy with buffers and cache (\"RAM unused is RAM wasted\")%n",
                r.usedRatio() * 100);
        out.printf(Locale.ROOT, "%-9s used - buffers - cached is %.0f %% of used (rule: 75 %%)%s%n", r.appRatioTriggered() ? "ATTENTION" : "ok",
                r.appRatio() * 100, r.appRatioTriggered() ? ": applications hold most of the memory: a leak, or the host needs more RAM" : "");
        out.printf(Locale.ROOT, "%-9s applications hold %.0f %% of total by MemAvailable (rule: 75 %%)%n", r.heldRatioTriggered() ? "ATTENTION" : "ok",
                r.heldRatio() * 100);
        if (r.swap() != null) out.println(trend("swap used", r.swap(), r.swap().verdict() == sexton.analysis.Verdict.LEAK));
        else out.println("ok        no swap configured");
        out.println(trend("application memory (used - buffers - cached)", r.application(),
                r.application().verdict() == sexton.analysis.Verdict.LEAK));
        out.println(trend("MemAvailable", r.available(), false)
                + (r.availableGoneAtMillis() != null ? "; at this rate it runs out about " + JsonOutput.iso(r.availableGoneAtMillis()) : ""));
        out.printf(Locale.ROOT, "processes above %.0f %%MEM: %s%n", memThreshold, r.topConsumers().isEmpty() ? "none" : "");
        for (MemoryVerdicts.TopConsumer c : r.topConsumers()) {
            out.printf(Locale.ROOT, "  %7d %5.1f %%  %9s  %s%n", c.pid(), c.memPct(), Terminal.human(c.rssKib()), Terminal.clean(c.command()));
        }
        out.flush();
    }

    private static String trend(String what, TrendJudgement j, boolean attention) {
        return String.format(Locale.ROOT, "%-9s %s: %s, %+.1f MiB/h (%s)", attention ? "ATTENTION" : "ok", what, j.verdict().label(),
                j.slopePerHour() / 1024, j.reason());
    }

    private void writeJson(String host, MemoryVerdicts.Result r) throws java.io.IOException {
        PrintStream out = System.out;
        JsonGenerator g = JsonOutput.to(out);
        SystemMemory m = r.latest();
        g.writeStartObject();
        g.writeStringField("host", host);
        g.writeStringField("time", JsonOutput.iso(r.atMillis()));
        g.writeNumberField("total_kib", m.totalKib());
        g.writeNumberField("used_kib", m.usedWithCacheKib());
        g.writeNumberField("used_minus_buffers_cached_kib", m.usedMinusBuffersCachedKib());
        g.writeNumberField("available_kib", m.availableOrEstimateKib());
        g.writeNumberField("used_ratio", round(r.usedRatio()));
        g.writeNumberField("app_ratio", round(r.appRatio()));
        g.writeBooleanField("app_ratio_rule_triggered", r.appRatioTriggered());
        g.writeNumberField("held_ratio", round(r.heldRatio()));
        g.writeBooleanField("held_ratio_rule_triggered", r.heldRatioTriggered());
        if (r.swap() != null) {
            g.writeStringField("swap_verdict", r.swap().verdict().label());
            g.writeNumberField("swap_slope_kib_per_hour", Math.round(r.swap().slopePerHour() * 10) / 10.0);
        } else {
            g.writeStringField("swap_verdict", "no-swap");
            g.writeNumberField("swap_slope_kib_per_hour", 0);
        }
        g.writeStringField("application_verdict", r.application().verdict().label());
        g.writeStringField("available_verdict", r.available().verdict().label());
        g.writeNumberField("available_slope_kib_per_hour", Math.round(r.available().slopePerHour() * 10) / 10.0);
        if (r.availableGoneAtMillis() != null) g.writeStringField("available_exhausted_at", JsonOutput.iso(r.availableGoneAtMillis()));
        else g.writeNullField("available_exhausted_at");
        g.writeArrayFieldStart("top_consumers");
        for (MemoryVerdicts.TopConsumer c : r.topConsumers()) {
            g.writeStartObject();
            g.writeNumberField("pid", c.pid());
            g.writeStringField("command", c.command());
            if (c.user() != null) g.writeStringField("user", c.user());
            g.writeNumberField("rss_kib", c.rssKib());
            g.writeNumberField("mem_pct", round(c.memPct()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        JsonOutput.finish(g, out);
    }

    private static double round(double v) {
        return Double.isNaN(v) ? 0 : Math.round(v * 1000) / 1000.0;
    }
}
