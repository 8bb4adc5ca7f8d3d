package sexton.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import sexton.analysis.DirGrowth;
import sexton.analysis.LeakAnalysis;
import sexton.analysis.StuckProcesses;
import sexton.analysis.Verdict;
import sexton.analysis.ZombieGroup;
import sexton.model.ProcState;

/**
 * The diagnosis as a ranked list: what exhausts the host within a day first (fork failing under a
 * zombie storm, memory running out under a leak, a disk filling), then what is wrong but slower, then what to know.
 */
public final class Findings {
    static final long DAY = 24 * 3_600_000L;

    private Findings() {}

    public static List<Finding> rank(Diagnosis d) {
        List<Finding> out = new ArrayList<>();
        long now = d.toMillis();
        for (ZombieGroup g : d.zombies().groups()) {
            Long fails = d.zombies().forkFailsAtMillis();
            Finding.Severity sev = fails != null && fails - now < DAY ? Finding.Severity.CRITICAL
                    : g.count() >= 100 || "growing".equals(g.trend()) ? Finding.Severity.WARNING : Finding.Severity.NOTICE;
            String restart = g.owner().restartLine();
            out.add(new Finding(sev, "zombies", String.format(Locale.ROOT, "%,d zombies of pid %d %s", g.count(), g.parentPid(),
                    g.parentCommand()),
                    String.format(Locale.ROOT, "children %s; %s; trend %s%s%s. %s", String.join(", ", g.childNames().keySet()),
                            Double.isNaN(g.birthsPerMinute()) ? "birth rate unknown" : String.format(Locale.ROOT, "born %.1f/min", g.birthsPerMinute()),
                            g.trend(), g.owner().name() != null ? "; service " + g.owner().kind().label() + " " + g.owner().name() : "",
                            fails != null ? "; fork() fails about " + Instant.ofEpochMilli(fails) : "",
                            g.special() != null ? g.special() + ": " + g.advice() : g.advice()),
                    g.parentPid() > 1 ? "sexton zombies --fix --parent " + g.parentPid() + (restart != null ? "   (runs: " + restart + ")" : "")
                            : "never kill PID 1: " + g.advice(),
                    "chart-zombies", fails));
        }
        for (LeakAnalysis.Finding f : d.leaks().leaks()) {
            Long at = f.exhaustionAtMillis();
            Finding.Severity sev = at != null && at - now < DAY ? Finding.Severity.CRITICAL : Finding.Severity.WARNING;
            String who = f.kind() == LeakAnalysis.Kind.PROCESS ? "pid " + f.key().pid() + " " + f.command()
                    : "group of " + f.members() + " " + (f.command() != null ? f.command() : f.unit());
            String fix = f.unit() != null && f.unit().endsWith(".service") ? "systemctl restart " + f.unit()
                    + "   (reclaims the memory; report the leak upstream)"
                    : "restart " + (f.kind() == LeakAnalysis.Kind.PROCESS ? "pid " + f.key().pid() : "the service")
                    + " at a quiet time to reclaim the memory; sexton leaks --all shows the evidence";
            out.add(new Finding(sev, "leak", String.format(Locale.ROOT, "%s leaks %s: %+.1f MiB/h", who, f.metric(),
                    f.judgement().slopePerHour() / 1024),
                    f.judgement().reason() + (at != null ? "; runs out (" + f.exhaustionBy() + ") about " + Instant.ofEpochMilli(at) : ""),
                    fix, f.key() != null ? chartId(f.key().pid(), f.key().startTicks()) : groupChartId(LeakAnalysis.groupKey(f)), at));
        }
        if (d.memory() != null) {
            var m = d.memory();
            if (m.appRatioTriggered() || m.heldRatioTriggered()) {
                out.add(new Finding(Finding.Severity.WARNING, "memory", String.format(Locale.ROOT,
                        "applications hold %.0f %% of used memory (rule: 75 %%)", m.appRatio() * 100),
                        "used - buffers - cached is at or above 75 % of used: a memory leak, or the host needs more RAM",
                        "sexton leaks --all; sexton memory", "chart-system", m.availableGoneAtMillis()));
            }
            if (m.swap() != null && m.swap().verdict() == Verdict.LEAK) {
                out.add(new Finding(Finding.Severity.WARNING, "memory", "swap use climbs steadily", m.swap().reason(),
                        "sexton leaks: find what grows", "chart-system", null));
            }
        }
        for (StuckProcesses.Stuck s : d.stuck().stuck()) {
            boolean dState = s.process().state() == ProcState.DISK_SLEEP;
            out.add(new Finding(dState ? Finding.Severity.WARNING : Finding.Severity.NOTICE, "stuck",
                    "pid " + s.process().pid() + " " + s.process().info().command() + (dState ? " in D state" : " stuck"), s.reason(),
                    dState ? "check what it waits for" + (s.process().wchan() != null ? " (" + s.process().wchan() + ")" : "")
                            + ": dmesg, the NFS server, the disk; sexton stuck" : "sexton stuck", "chart-dstate", null));
        }
        for (DirGrowth.Result r : d.dirs()) {
            if (!r.growing()) continue;
            Long full = r.fsFullAtMillis();
            Finding.Severity sev = full != null && full - now < DAY ? Finding.Severity.CRITICAL : Finding.Severity.WARNING;
            out.add(new Finding(sev, "disk", String.format(Locale.ROOT, "%s grows %+.1f MiB/h%s", r.path(), r.bytesPerHour() / 1048576,
                    full != null ? ", its file system is full about " + Instant.ofEpochMilli(full) : ""),
                    DirGrowth.describe(r) + String.format(Locale.ROOT, "; now %,d files, %.1f MiB; %.1f GiB free", r.latest().files(),
                            r.latest().bytes() / 1048576.0, r.latest().fsAvailBytes() / 1073741824.0),
                    "sexton dirs " + r.path() + "   (owners, largest files); stop or fix the writer first: deleted files that are still open "
                            + "keep their space (lsof +L1)", "chart-dirs", full));
        }
        out.sort(Comparator.comparing(Finding::severity)
                .thenComparing(f -> f.deadlineMillis() == null ? Long.MAX_VALUE : f.deadlineMillis()));
        return out;
    }

    /** The findings as a JSON array field {@code findings}: severity, kind, title, detail, fix. */
    public static void writeJson(com.fasterxml.jackson.core.JsonGenerator g, List<Finding> findings) throws java.io.IOException {
        g.writeArrayFieldStart("findings");
        for (Finding f : findings) {
            g.writeStartObject();
            g.writeStringField("severity", f.severity().label());
            g.writeStringField("kind", f.kind());
            g.writeStringField("title", f.title());
            g.writeStringField("detail", f.detail());
            g.writeStringField("fix", f.fix());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static String chartId(int pid, long startTicks) {
        return "chart-p" + pid + "-" + startTicks;
    }

    /** A stable id for a group's chart (the group's key may hold any characters). */
    static String groupChartId(String groupKey) {
        return "chart-g" + Integer.toHexString(groupKey.hashCode());
    }
}
