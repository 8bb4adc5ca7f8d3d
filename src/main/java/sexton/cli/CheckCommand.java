package sexton.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sexton.analysis.LeakAnalysis;
import sexton.analysis.MemoryVerdicts;
import sexton.analysis.StuckProcesses;
import sexton.analysis.ZombieAnalysis;
import sexton.analysis.ZombieGroup;
import sexton.model.ProcState;
import sexton.model.ServiceOwner;
import sexton.model.Snapshot;
import sexton.procfs.MemoryLimitsReader;
import sexton.record.Sampler;
import sexton.store.HostRow;
import sexton.store.Store;

/**
 * A Nagios/Icinga plugin: one status line with perfdata, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
 * (bad input included, as the plugin guidelines ask).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Nagios/Icinga plugin: check zombies, leaks, memory or stuck processes on this host.",
                "zombies: zombie count now (default --warn 0 --crit 100); stuck: processes in D state (--warn 0 --crit 10); memory: used - buffers - cached as %% of used (--warn 75 --crit 90); leaks: leaks in the recorded history of the last 24 h (--warn 0 --crit 2; CRITICAL as well when one exhausts the host within a day).",
                "dirs: the directories 'sexton record --watch-dir' records, over their last 24 h: hours until a growing one fills its file system (WARNING below --warn 168, CRITICAL below --crit 24; the only check where lower is worse).",
                "WARNING when the figure is above --warn, CRITICAL when above --crit. Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."})
final class CheckCommand implements Callable<Integer> {
    static final int OK = 0, WARNING = 1, CRITICAL = 2, UNKNOWN = 3;
    private static final String[] STATES = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

    enum What { zombies, leaks, memory, stuck, dirs }

    @Parameters(index = "0", paramLabel = "WHAT", description = "zombies, leaks, memory, stuck or dirs.")
    String what;

    @Option(names = "--warn", paramLabel = "N", description = "WARNING above this figure.")
    Double warn;

    @Option(names = "--crit", paramLabel = "M", description = "CRITICAL above this figure.")
    Double crit;

    @Option(names = "--db", paramLabel = "PATH", description = "Store with this host's history, for leaks (default: ~/.local/share/sexton/sexton.db).")
    java.nio.file.Path db;

    @Override
    public Integer call() {
        What w;
        try {
            w = What.valueOf(what.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return status(UNKNOWN, "CHECK", "unknown check '" + Terminal.clean(what) + "' (zombies, leaks, memory, stuck or dirs)", "");
        }
        try {
            return switch (w) {
                case zombies -> zombies();
                case stuck -> stuck();
                case memory -> memory();
                case leaks -> leaks();
                case dirs -> dirs();
            };
        } catch (RuntimeException | java.io.IOException e) {
            return status(UNKNOWN, w.name().toUpperCase(Locale.ROOT), Terminal.clean(String.valueOf(e.getMessage())), "");
        }
    }

    private double warn(double dflt) { return warn != null ? warn : dflt; }

    private double crit(double dflt) { return crit != null ? crit : dflt; }

    private int level(double value, double w, double c) {
        return value > c ? CRITICAL : value > w ? WARNING : OK;
    }

    private static Snapshot now() throws java.io.IOException {
        try (Sampler s = Sampler.system()) {
            return s.take();
        }
    }

    private int zombies() throws java.io.IOException {
        Snapshot s = now();
        ZombieAnalysis.Report r = ZombieAnalysis.analyse(s, s.kernel().bootTimeSec() * 1000, 100, java.util.List.of(), java.util.List.of(),
                p -> ServiceOwner.none(java.util.List.of()));
        double w = warn(0), c = crit(100);
        String top = "";
        if (!r.groups().isEmpty()) {
            ZombieGroup g = r.groups().get(0);
            top = String.format(Locale.ROOT, ", most under pid %d %s (%d)", g.parentPid(), Terminal.clean(cut(g.parentCommand())), g.count());
        }
        return status(level(r.zombies(), w, c), "ZOMBIES", r.zombies() + " zombies" + top,
                String.format(Locale.ROOT, "zombies=%d;%s;%s;0 parents=%d processes=%d;;;0;%d", r.zombies(), n(w), n(c), r.groups().size(),
                        r.processes(), r.pidMax()));
    }

    private int stuck() throws java.io.IOException {
        Snapshot s = now();
        StuckProcesses.Result r = StuckProcesses.find(s, java.util.Map.of(), p -> null);
        long d = r.stuck().stream().filter(x -> x.process().state() == ProcState.DISK_SLEEP).count();
        String first = r.stuck().stream().filter(x -> x.process().state() == ProcState.DISK_SLEEP).findFirst()
                .map(x -> ", e.g. pid " + x.process().pid() + " " + Terminal.clean(cut(x.process().info().command()))
                        + (x.process().wchan() != null ? " at " + x.process().wchan() : ""))
                .orElse("");
        double w = warn(0), c = crit(10);
        return status(level(d, w, c), "STUCK", d + " processes in D state" + first,
                String.format(Locale.ROOT, "d_state=%d;%s;%s;0 stuck=%d zombies=%d", d, n(w), n(c), r.stuck().size(), r.zombies()));
    }

    private int memory() throws java.io.IOException {
        Snapshot s = now();
        sexton.model.SystemMemory m = s.memory();
        double used = m.usedWithCacheKib();
        double ratio = used > 0 ? 100.0 * m.usedMinusBuffersCachedKib() / used : 0;
        double w = warn(MemoryVerdicts.APP_RATIO_RULE * 100), c = crit(90);
        return status(level(ratio, w, c), "MEMORY", String.format(Locale.ROOT,
                        "used - buffers - cached is %.0f %% of used, %s available", ratio, Terminal.human(m.availableOrEstimateKib())),
                String.format(Locale.ROOT, "app_ratio=%.1f%%;%s;%s;0;100 available=%dB;;;0;%d", ratio, n(w), n(c),
                        m.availableOrEstimateKib() * 1024, m.totalKib() * 1024));
    }

    private int leaks() {
        try (Store s = Store.openReadOnly(storePath())) {
            HostRow host = localHost(s, "keep 'sexton record' or 'sexton serve' running");
            long last = s.lastTime(host.id()).orElseThrow();
            long from = last - 24 * 3_600_000L;
            LeakAnalysis.Result r = sexton.report.Diagnosis.leaks(s, host, from, last, MemoryLimitsReader.system()::read);
            if (r.insufficient() != null) return status(UNKNOWN, "LEAKS", "not enough history: " + r.insufficient(), "");
            int n = r.leaks().size();
            double w = warn(0), c = crit(2);
            int level = level(n, w, c);
            Long soonest = r.leaks().stream().map(LeakAnalysis.Finding::exhaustionAtMillis).filter(java.util.Objects::nonNull)
                    .min(Long::compare).orElse(null);
            if (soonest != null && soonest - last < 24 * 3_600_000L) level = CRITICAL;
            String top = "";
            if (!r.leaks().isEmpty()) {
                LeakAnalysis.Finding f = r.leaks().get(0);
                top = String.format(Locale.ROOT, ", e.g. %s %s %s %+.1f MiB/h", f.key() != null ? "pid " + f.key().pid() : "group",
                        Terminal.clean(cut(f.command() != null ? f.command() : f.unit())), f.metric(), f.judgement().slopePerHour() / 1024);
            }
            return status(level, "LEAKS", n + " leaks" + top + (soonest != null ? ", memory runs out about " + JsonOutput.iso(soonest) : ""),
                    String.format(Locale.ROOT, "leaks=%d;%s;%s;0 growth=%.0fB/h", n, n(w), n(c), r.combinedSlopeKibPerHour() * 1024));
        }
    }

    private int dirs() {
        try (Store s = Store.openReadOnly(storePath())) {
            HostRow host = localHost(s, "run 'sexton record --watch-dir PATH'");
            if (s.watchedDirs(host.id()).isEmpty()) {
                return status(UNKNOWN, "DIRS", "no watched directories: run 'sexton record --watch-dir PATH'", "");
            }
            long now = System.currentTimeMillis();
            java.util.List<sexton.analysis.DirGrowth.Result> judged = sexton.report.Diagnosis.dirs(s, host, now - 24 * 3_600_000L, Long.MAX_VALUE / 2);
            if (judged.isEmpty()) return status(UNKNOWN, "DIRS", "no walk of the watched directories in the last 24 h: is 'sexton record --watch-dir' running?", "");
            double w = warn(168), c = crit(24);
            int level = OK;
            StringBuilder perf = new StringBuilder();
            java.util.List<String> growing = new java.util.ArrayList<>();
            int insufficient = 0;
            for (sexton.analysis.DirGrowth.Result r : judged) {
                String label = r.path().replace('\'', '_').replace('=', '_');
                perf.append(String.format(Locale.ROOT, "'%s'=%dB;;;0;%d '%s growth_bytes_per_hour'=%.0f ", label, r.latest().bytes(), r.latest().fsSizeBytes(),
                        label, r.bytesPerHour() == null ? 0 : r.bytesPerHour()));
                if (r.bytesPerHour() == null) insufficient++;
                if (!r.growing()) continue;
                double hours = r.fsFullAtMillis() == null ? Double.POSITIVE_INFINITY : (r.fsFullAtMillis() - now) / 3_600_000.0;
                level = Math.max(level, hours < c ? CRITICAL : hours < w ? WARNING : OK);
                growing.add(String.format(Locale.ROOT, "%s grows %+.1f MiB/h%s", Terminal.clean(cut(r.path())), r.bytesPerHour() / 1048576,
                        r.fsFullAtMillis() != null ? String.format(Locale.ROOT, ", full in %.1f h", hours) : ""));
            }
            if (insufficient == judged.size()) return status(UNKNOWN, "DIRS", "not enough history yet for " + judged.size()
                    + " watched directories (a verdict needs 12 walks over the last 24 h)", perf.toString().trim());
            String text = growing.isEmpty() ? judged.size() + " watched directories, none growing" : String.join("; ", growing);
            return status(level, "DIRS", text, perf.toString().trim());
        }
    }

    private java.nio.file.Path storePath() {
        return db != null ? db : Store.defaultPath();
    }

    /** This host in the store; its absence is UNKNOWN, with what records it. */
    private static HostRow localHost(Store s, String howToRecord) {
        String local = Sampler.system().hostName();
        return s.host(local).orElseThrow(() -> new IllegalStateException("no history of " + local + " in " + s.path() + ": " + howToRecord));
    }

    private static String n(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String cut(String s) {
        return s == null ? "?" : s.length() > 80 ? s.substring(0, 79) + "+" : s;
    }

    /** Prints "SEXTON WHAT STATE - text | perfdata" and returns the state as the exit code. */
    static int status(int state, String what, String text, String perf) {
        System.out.println("SEXTON " + what + " " + STATES[state] + " - " + text.replace('|', '/') + (perf.isEmpty() ? "" : " | " + perf));
        System.out.flush();
        return state;
    }
}
