package sexton.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sexton.analysis.ZombieAnalysis;
import sexton.analysis.ZombieGroup;
import sexton.model.LogTemplate;
import sexton.model.ProcessSample;
import sexton.model.ServiceOwner;
import sexton.model.Snapshot;
import sexton.record.Sampler;
import sexton.remedy.AuditLog;
import sexton.remedy.Guard;
import sexton.remedy.ServiceOwners;
import sexton.remedy.ZombieFix;
import sexton.store.HostRow;
import sexton.store.ProcessSeries;
import sexton.store.Store;

/** Zombies grouped by parent and service, with rates, forecast, log evidence, and a guarded fix. */
@Command(name = "zombies", mixinStandardHelpOptions = true,
        description = {"Find zombie (defunct) processes, group them by the parent that does not reap them, and fix that parent.",
                "A zombie is already dead: kill -9 does nothing to it. Only its parent's wait() or the parent's end removes it. Per parent: its service (systemd unit, container, SysV init script), count and ages, birth rate and trend (--watch, or history with --db/--host), the share of pid_max/threads-max in use and when fork() would fail, matching log lines grouped by template.",
                "--fix prints a plan, least disruptive first (SIGCHLD, restart the service, --kill-parent), and runs it only with --yes or after confirmation on a terminal; it verifies after every step and logs every action.",
                "Exit 0 when there are no zombies (or --fix cleared them), 1 when zombies remain, 2 on bad input."})
final class ZombiesCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    PrometheusSource prometheus;

    @Option(names = "--watch", paramLabel = "D", converter = DurationConverter.class,
            description = "Sample every second for D to measure birth rates (e.g. 30s).")
    Long watchMillis;

    @Option(names = "--log", paramLabel = "FILE", description = "Log file(s) to search for evidence instead of the journal and /var/log.")
    List<Path> logs = new ArrayList<>();

    @Option(names = "--no-logs", description = "Do not search logs.")
    boolean noLogs;

    @Option(names = "--fix", description = "Plan (and with --yes, run) the steps that clear each parent's zombies.")
    boolean fix;

    @Option(names = "--yes", description = "Run the plan without asking.")
    boolean yes;

    @Option(names = "--kill-parent", description = "Allow the last step: SIGTERM, then SIGKILL, to the parent.")
    boolean killParent;

    @Option(names = "--force", description = "Allow acting on processes of the critical list (init, systemd*, sshd, journald, dbus, login).")
    boolean force;

    @Option(names = "--parent", paramLabel = "PID", description = "Only the zombies of this parent.")
    Integer parentPid;

    @Option(names = "--grace", paramLabel = "D", defaultValue = "3s", converter = DurationConverter.class,
            description = "How long a parent gets to reap after each step (default: ${DEFAULT-VALUE}).")
    long graceMillis;

    @Option(names = "--warn", paramLabel = "N", defaultValue = "0",
            description = "Exit 1 only when more than N zombies are present (default: ${DEFAULT-VALUE}).")
    int warn;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    // where SysV pidfiles and init scripts live: options for tests and unusual layouts
    @Option(names = "--run-dir", hidden = true) List<Path> runDirs = new ArrayList<>();
    @Option(names = "--init-dir", hidden = true) Path initDir;
    @Option(names = "--audit-log", hidden = true) Path auditFile;

    @Override
    public Integer call() throws Exception {
        if (prometheus.given()) prometheus.applyTo(store);
        if (fix && (store.db != null || store.host != null)) throw new UsageError("--fix acts on this host now: drop --db/--host");
        if (warn < 0) throw new UsageError("--warn must not be negative");
        if (watchMillis != null && (watchMillis < 1000 || watchMillis > 3_600_000)) throw new UsageError("--watch must be between 1s and 1h");
        ZombieAnalysis.Report report;
        Snapshot now;
        String hostName;
        List<Long> times = new ArrayList<>();
        List<ZombieAnalysis.Sighting> sightings = new ArrayList<>();
        long boot;
        int hz;
        if (store.db != null || store.host != null) {
            try (Store s = Store.openReadOnly(store.path())) {
                HostRow host = store.pickHost(s, Sampler.system().hostName());
                hostName = host.name();
                now = s.snapshotAt(host.id(), Long.MAX_VALUE).orElseThrow(() -> new UsageError("no history of " + host.name()));
                hz = host.clockTicks();
                boot = now.kernel().bootTimeSec() > 0 ? now.kernel().bootTimeSec() * 1000 : -1;
                long from = now.timeMillis() - (watchMillis != null ? watchMillis : 30 * 60_000L);
                java.util.TreeSet<Long> seen = new java.util.TreeSet<>();
                for (ProcessSeries ps : s.series(host.id(), from, now.timeMillis())) {
                    for (int i = 0; i < ps.times().length; i++) {
                        seen.add(ps.times()[i]);
                        ProcessSample p = ps.samples().get(i);
                        if (p.isZombie()) sightings.add(new ZombieAnalysis.Sighting(ps.times()[i], p.key(), p.ppid(), p.info().comm()));
                    }
                }
                times.addAll(seen);
            }
        } else {
            try (Sampler sampler = Sampler.system()) {
                hostName = sampler.hostName();
                hz = sampler.constants().clockTicks();
                now = sampler.take();
                if (watchMillis != null) {
                    long end = System.nanoTime() + watchMillis * 1_000_000;
                    collect(now, times, sightings);
                    while (System.nanoTime() < end) {
                        Thread.sleep(1000);
                        now = sampler.take();
                        collect(now, times, sightings);
                    }
                }
                boot = now.kernel().bootTimeSec() * 1000;
            }
        }
        ServiceOwners owners = runDirs.isEmpty() && initDir == null ? ServiceOwners.system(now)
                : new ServiceOwners(now, runDirs, initDir != null ? initDir : Path.of("/etc/init.d"));
        report = ZombieAnalysis.analyse(now, boot, hz, times, sightings, owners);
        List<ZombieGroup> groups = report.groups().stream().filter(g -> parentPid == null || g.parentPid() == parentPid).toList();
        if (parentPid != null && groups.isEmpty()) throw new UsageError("pid " + parentPid + " has no zombie children now");
        Map<Integer, List<LogTemplate>> evidence = noLogs || groups.isEmpty() ? Map.of()
                : LogEvidence.forGroups(groups, now, logs, ZoneId.systemDefault());
        int shown = groups.stream().mapToInt(ZombieGroup::count).sum();
        if (json && !fix) {
            writeJson(hostName, report, groups, evidence);
            return shown > warn ? Main.FINDINGS : Main.OK;
        }
        PrintStream out = System.out;
        writeText(out, hostName, report, groups, evidence);
        if (!fix) return shown > warn ? Main.FINDINGS : Main.OK;
        return fix(out, now, groups);
    }

    private static void collect(Snapshot s, List<Long> times, List<ZombieAnalysis.Sighting> sightings) {
        times.add(s.timeMillis());
        for (ProcessSample p : s.processes()) {
            if (p.isZombie()) sightings.add(new ZombieAnalysis.Sighting(s.timeMillis(), p.key(), p.ppid(), p.info().comm()));
        }
    }

    private int fix(PrintStream out, Snapshot now, List<ZombieGroup> groups) throws Exception {
        if (groups.isEmpty()) {
            out.println("nothing to fix");
            return Main.OK;
        }
        Guard guard = Guard.forThisProcess();
        List<ZombieFix.Plan> plans = new ArrayList<>();
        out.println();
        out.println("plan:");
        for (ZombieGroup g : groups) {
            ProcessSample parent = now.processes().stream().filter(p -> p.pid() == g.parentPid()).findFirst().orElse(null);
            ZombieFix.Plan plan = ZombieFix.plan(g, parent, guard, killParent, force);
            plans.add(plan);
            out.printf(Locale.ROOT, "parent %d %s (%d zombies):%n", g.parentPid(), Terminal.clean(plan.parentCommand()), g.count());
            if (plan.refusal() != null) {
                out.println("  refused: " + plan.refusal());
                continue;
            }
            for (ZombieFix.Step st : plan.steps()) out.println("  " + Terminal.clean(st.commandLine()) + "   # " + st.description());
            if (!killParent) out.println("  (--kill-parent would add: SIGTERM then SIGKILL to pid " + g.parentPid() + ")");
        }
        boolean go = yes;
        if (!go && System.console() != null) {
            out.print("run these steps now? [y/N] ");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            go = answer != null && answer.trim().equalsIgnoreCase("y");
        }
        if (!go) {
            out.println("dry run: nothing done (add --yes to run the plan)");
            return Main.FINDINGS;
        }
        Path auditPath = auditFile != null ? auditFile : (store.db != null ? store.db : Store.defaultPath()).toAbsolutePath().getParent()
                .resolve("audit.jsonl");
        AuditLog audit = new AuditLog(auditPath);
        boolean allCleared = true;
        for (ZombieFix.Plan plan : plans) {
            if (plan.refusal() != null || plan.steps().isEmpty()) {
                allCleared = false;
                continue;
            }
            out.printf(Locale.ROOT, "parent %d:%n", plan.group().parentPid());
            List<ZombieFix.Outcome> outcomes = ZombieFix.execute(plan, () -> {
                try (Sampler s = Sampler.system()) {
                    return s.take();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, audit, graceMillis, out);
            boolean cleared = !outcomes.isEmpty() && outcomes.get(outcomes.size() - 1).cleared();
            if (!cleared) {
                allCleared = false;
                ZombieFix.Outcome last = outcomes.isEmpty() ? null : outcomes.get(outcomes.size() - 1);
                out.println("  zombies remain" + (last != null && last.orphansLeft() > 0
                        ? ": " + last.orphansLeft() + " passed to a reaper that does not reap them (see that parent's group; it may be PID 1)"
                        : "") + (killParent ? "" : "; next option: --kill-parent"));
            }
        }
        out.println("audit log: " + audit.file());
        return allCleared ? Main.OK : Main.FINDINGS;
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private static void writeText(PrintStream out, String host, ZombieAnalysis.Report r, List<ZombieGroup> groups,
                                  Map<Integer, List<LogTemplate>> evidence) {
        out.printf(Locale.ROOT, "%,d zombies on %s; %,d processes%s, %,d threads%s%s%n", r.zombies(), Terminal.clean(host), r.processes(),
                r.pidMax() > 0 ? String.format(Locale.ROOT, " of pid_max %,d", r.pidMax()) : "", r.threads(),
                r.threadsMax() > 0 ? String.format(Locale.ROOT, " of threads-max %,d", r.threadsMax()) : "",
                r.pidMax() > 0 ? String.format(Locale.ROOT, " (%.1f %% of the limit in use)", r.shareOfLimit() * 100) : "");
        if (!Double.isNaN(r.birthsPerMinute())) {
            out.printf(Locale.ROOT, "zombies born: %.1f/min%s%n", r.birthsPerMinute(), r.forkFailsAtMillis() == null ? ""
                    : "; at this rate fork() fails about " + CLOCK.format(Instant.ofEpochMilli(r.forkFailsAtMillis())));
        }
        for (ZombieGroup g : groups) {
            out.println();
            out.printf(Locale.ROOT, "parent %d %s%s, state %s%s%n", g.parentPid(), Terminal.clean(g.parentCommand()),
                    g.parentUser() == null ? "" : " (" + Terminal.clean(g.parentUser()) + ")", g.parentState().code(),
                    g.parentStartMillis() > 0 ? ", started " + CLOCK.format(Instant.ofEpochMilli(g.parentStartMillis())) : "");
            ServiceOwner o = g.owner();
            if (o.kind() != ServiceOwner.Kind.NONE) {
                out.printf(Locale.ROOT, "  service: %s %s%s%n", o.kind().label(), Terminal.clean(o.name()),
                        o.pidfile() != null ? " (pidfile " + o.pidfile() + ")" : "");
            } else {
                out.println("  service: none found; ancestry: " + Terminal.clean(String.join(" <- ", o.ancestry())));
            }
            StringBuilder kids = new StringBuilder();
            g.childNames().forEach((n, c) -> kids.append(kids.length() == 0 ? "" : ", ").append(n).append(" x ").append(c));
            out.printf(Locale.ROOT, "  zombies: %,d (%s)%s%n", g.count(), Terminal.clean(kids.toString()),
                    g.oldestAgeMillis() >= 0 ? ", oldest " + age(g.oldestAgeMillis()) + ", newest " + age(g.newestAgeMillis()) : "");
            out.printf(Locale.ROOT, "  born: %s; trend: %s%n", Double.isNaN(g.birthsPerMinute()) ? g.rateSource()
                    : String.format(Locale.ROOT, "%.1f/min, %.0f/h (%s)", g.birthsPerMinute(), g.birthsPerHour(), g.rateSource()), g.trend());
            if (g.special() != null) out.println("  why: " + Terminal.clean(g.special()));
            out.println("  advice: " + Terminal.clean(g.advice()));
            if (g.parentPid() > 1) out.println("  fix: sexton zombies --fix --parent " + g.parentPid());
            List<LogTemplate> lines = evidence.getOrDefault(g.parentPid(), List.of());
            if (!lines.isEmpty()) {
                out.println("  logs:");
                for (LogTemplate t : lines) out.println("    " + Terminal.clean(sexton.analysis.LogTemplates.format(t)));
            }
        }
        out.flush();
    }

    static String age(long ms) {
        long s = ms / 1000;
        if (s < 120) return s + " s";
        if (s < 7200) return s / 60 + " min";
        if (s < 172_800) return s / 3600 + " h " + (s % 3600) / 60 + " min";
        return s / 86400 + " d " + (s % 86400) / 3600 + " h";
    }

    private void writeJson(String host, ZombieAnalysis.Report r, List<ZombieGroup> groups, Map<Integer, List<LogTemplate>> evidence)
            throws java.io.IOException {
        PrintStream out = System.out;
        JsonGenerator g = JsonOutput.to(out);
        g.writeStartObject();
        g.writeStringField("host", host);
        g.writeStringField("time", JsonOutput.iso(r.atMillis()));
        g.writeNumberField("total", r.zombies());
        g.writeNumberField("zombies", r.zombies());
        g.writeNumberField("processes", r.processes());
        g.writeNumberField("threads", r.threads());
        g.writeNumberField("pid_max", r.pidMax());
        g.writeNumberField("threads_max", r.threadsMax());
        g.writeNumberField("share_of_limit", Math.round(r.shareOfLimit() * 10000) / 10000.0);
        if (Double.isNaN(r.birthsPerMinute())) g.writeNullField("births_per_minute");
        else g.writeNumberField("births_per_minute", Math.round(r.birthsPerMinute() * 10) / 10.0);
        if (r.forkFailsAtMillis() != null) g.writeStringField("fork_fails_at", JsonOutput.iso(r.forkFailsAtMillis()));
        else g.writeNullField("fork_fails_at");
        g.writeArrayFieldStart("groups");
        for (ZombieGroup z : groups) {
            g.writeStartObject();
            g.writeNumberField("parent_pid", z.parentPid());
            g.writeStringField("parent_command", z.parentCommand());
            if (z.parentUser() != null) g.writeStringField("parent_user", z.parentUser());
            else g.writeNullField("parent_user");
            if (z.parentStartMillis() > 0) g.writeStringField("parent_start", JsonOutput.iso(z.parentStartMillis()));
            else g.writeNullField("parent_start");
            g.writeStringField("parent_state", String.valueOf(z.parentState().code()));
            g.writeNumberField("parent_tracer_pid", z.parentTracerPid());
            ServiceOwner.Kind kind = z.owner().kind();
            if (kind == ServiceOwner.Kind.SYSTEMD) g.writeStringField("unit", z.owner().name());
            else g.writeNullField("unit");
            g.writeStringField("service_kind", kind.label());
            g.writeObjectFieldStart("owner");
            g.writeStringField("kind", z.owner().kind().label());
            if (z.owner().name() != null) g.writeStringField("name", z.owner().name());
            else g.writeNullField("name");
            if (z.owner().pidfile() != null) g.writeStringField("pidfile", z.owner().pidfile());
            if (z.owner().restartLine() != null) g.writeStringField("restart", z.owner().restartLine());
            else g.writeNullField("restart");
            g.writeArrayFieldStart("ancestry");
            for (String a : z.owner().ancestry()) g.writeString(a);
            g.writeEndArray();
            g.writeEndObject();
            g.writeNumberField("count", z.count());
            if (z.oldestAgeMillis() >= 0) {
                g.writeNumberField("oldest_age_s", z.oldestAgeMillis() / 1000);
                g.writeNumberField("newest_age_s", z.newestAgeMillis() / 1000);
            } else {
                g.writeNullField("oldest_age_s");
                g.writeNullField("newest_age_s");
            }
            g.writeArrayFieldStart("children_commands");
            for (String name : z.childNames().keySet()) g.writeString(name);
            g.writeEndArray();
            g.writeObjectFieldStart("children");
            for (Map.Entry<String, Integer> e : z.childNames().entrySet()) g.writeNumberField(e.getKey(), e.getValue());
            g.writeEndObject();
            g.writeArrayFieldStart("zombie_pids");
            for (int pid : z.zombiePids()) g.writeNumber(pid);
            g.writeEndArray();
            if (Double.isNaN(z.birthsPerMinute())) {
                g.writeNullField("births_per_minute");
                g.writeNullField("birth_rate_per_hour");
            } else {
                g.writeNumberField("births_per_minute", Math.round(z.birthsPerMinute() * 10) / 10.0);
                g.writeNumberField("birth_rate_per_hour", Math.round(z.birthsPerHour()));
            }
            g.writeStringField("rate_source", z.rateSource());
            g.writeStringField("trend", z.trend());
            if (z.special() != null) g.writeStringField("special", z.special());
            else g.writeNullField("special");
            g.writeStringField("advice", z.advice());
            if (z.parentPid() > 1) g.writeStringField("fix_command", "sexton zombies --fix --parent " + z.parentPid());
            else g.writeNullField("fix_command");
            g.writeArrayFieldStart("log_evidence");
            for (LogTemplate t : evidence.getOrDefault(z.parentPid(), List.of())) {
                g.writeStartObject();
                if (t.program() != null) g.writeStringField("program", t.program());
                g.writeStringField("template", t.template());
                g.writeNumberField("count", t.count());
                g.writeStringField("first", JsonOutput.iso(t.firstMillis()));
                g.writeStringField("last", JsonOutput.iso(t.lastMillis()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        JsonOutput.finish(g, out);
    }
}
