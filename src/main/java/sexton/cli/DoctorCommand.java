package sexton.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sexton.model.HostInfo;
import sexton.record.Recorder;
import sexton.record.Sampler;
import sexton.report.Diagnosis;
import sexton.report.Finding;
import sexton.report.Findings;
import sexton.report.HtmlReport;
import sexton.store.HostRow;
import sexton.store.Store;

/** The one command: watch the host briefly, merge its history, run every analysis, rank, report. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Diagnose this host: watch it for a short window, merge the history in the store, run every analysis, and print the findings ranked by urgency with the fix for each; write the HTML report.",
                "Exit 0 when healthy, 1 when something needs attention, 2 on bad input."})
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--watch", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to watch the host at 1 s (default: ${DEFAULT-VALUE}).")
    long watchMillis;

    @Option(names = "--db", paramLabel = "PATH", description = "Store file (default: ~/.local/share/sexton/sexton.db).")
    Path db;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Report file (default: sexton-report-HOST.html).")
    Path output;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (watchMillis < 1000 || watchMillis > 3_600_000) throw new UsageError("--watch must be between 1s and 1h");
        Path path = db != null ? db : Store.defaultPath();
        String hostName;
        PrintStream err = System.err;
        try (Sampler sampler = Sampler.system(); Store store = Store.open(path)) {
            hostName = sampler.hostName();
            long hostId = store.host(new HostInfo(hostName, sampler.constants().clockTicks(), sampler.constants().pageSize()));
            if (!json) err.printf(Locale.ROOT, "watching %s for %s ...%n", Terminal.clean(hostName), DurationConverter.format(watchMillis));
            Recorder recorder = new Recorder(sampler, store, hostId, new Recorder.Plan(1000, watchMillis, 0, 14L * 86_400_000), null);
            Signals.onInterruptOrTerminate(recorder::stop);
            recorder.run();
            store.flush();
        }
        Diagnosis d;
        try (Store s = Store.openReadOnly(path)) {
            HostRow host = s.host(hostName).orElseThrow();
            d = ReportCommand.diagnose(s, host, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2, 10);
        }
        List<Finding> findings = Findings.rank(d);
        Path out = output != null ? output : Path.of("sexton-report-" + hostName.replaceAll("[^A-Za-z0-9._-]", "_") + ".html");
        HtmlReport.write(d, findings, Main.version(), out);
        if (json) writeJson(d, findings, out);
        else writeText(d, findings, out);
        return findings.isEmpty() ? Main.OK : Main.FINDINGS;
    }

    private static void writeText(Diagnosis d, List<Finding> findings, Path out) {
        PrintStream o = System.out;
        o.printf(Locale.ROOT, "%s: %,d samples of history (%s to %s)%n", Terminal.clean(d.host()), d.samples(),
                JsonOutput.iso(d.fromMillis()), JsonOutput.iso(d.toMillis()));
        if (d.leaks().insufficient() != null) o.println("leak verdicts need more history: " + d.leaks().insufficient()
                + " (keep 'sexton record' running, or run doctor again later)");
        printFindings(o, findings, "fix");
        for (sexton.analysis.DirGrowth.Result r : d.dirs()) {
            o.printf(Locale.ROOT, "watched %s: %s, %s%n", Terminal.clean(r.path()), Terminal.human(r.latest().bytes() / 1024),
                    Terminal.clean(sexton.analysis.DirGrowth.describe(r)));
        }
        o.println("report: " + out.toAbsolutePath());
        o.flush();
    }

    /** Findings ranked, numbered, each with its fix (labelled {@code fixLabel}); or "healthy". */
    static void printFindings(PrintStream o, List<Finding> findings, String fixLabel) {
        if (findings.isEmpty()) o.println("healthy: nothing needs attention");
        int i = 1;
        for (Finding f : findings) {
            o.printf(Locale.ROOT, "%d. [%s] %s%n   %s%n   %s: %s%n", i++, f.severity().label().toUpperCase(Locale.ROOT),
                    Terminal.clean(f.title()), Terminal.clean(f.detail()), fixLabel, Terminal.clean(f.fix()));
        }
    }

    private static void writeJson(Diagnosis d, List<Finding> findings, Path out) throws java.io.IOException {
        JsonGenerator g = JsonOutput.to(System.out);
        g.writeStartObject();
        g.writeStringField("host", d.host());
        g.writeNumberField("samples", d.samples());
        g.writeStringField("from", JsonOutput.iso(d.fromMillis()));
        g.writeStringField("to", JsonOutput.iso(d.toMillis()));
        g.writeBooleanField("healthy", findings.isEmpty());
        g.writeStringField("report", out.toAbsolutePath().toString());
        Findings.writeJson(g, findings);
        g.writeArrayFieldStart("dirs");
        for (sexton.analysis.DirGrowth.Result r : d.dirs()) {
            g.writeStartObject();
            g.writeStringField("path", r.path());
            g.writeNumberField("bytes", r.latest().bytes());
            g.writeNumberField("files", r.latest().files());
            g.writeStringField("verdict", r.label());
            if (r.bytesPerHour() != null) g.writeNumberField("growth_bytes_per_hour", Math.round(r.bytesPerHour()));
            else g.writeNullField("growth_bytes_per_hour");
            if (r.fsFullAtMillis() != null) g.writeStringField("fs_full_at", JsonOutput.iso(r.fsFullAtMillis()));
            else g.writeNullField("fs_full_at");
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        JsonOutput.finish(g, System.out);
    }
}
