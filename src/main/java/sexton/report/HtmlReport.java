package sexton.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;

import sexton.model.SystemMemory;

/**
 * One self-contained HTML file: findings first, then interactive charts (zoom, hover, toggle) drawn by
 * Chart.js, which is read from its WebJar and inlined, so the file opens offline from a mail or a
 * ticket. A Content-Security-Policy forbids every request and every script but the report's own
 * (by nonce); text from the host is escaped in the HTML and in the JSON the charts read.
 */
public final class HtmlReport {
    private static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.4.7/dist/chart.umd.js";
    private static final String HAMMER_JS = "/META-INF/resources/webjars/hammerjs/2.0.8/hammer.min.js";
    private static final String ZOOM_JS = "/META-INF/resources/webjars/chartjs-plugin-zoom/2.2.0/dist/chartjs-plugin-zoom.min.js";

    private HtmlReport() {}

    /** Writes the report to {@code out} atomically (a temporary file moved over it): never half a file. */
    public static void write(Diagnosis d, List<Finding> findings, String version, Path out) throws IOException {
        Path abs = out.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".sexton-report", ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                render(d, findings, version, w);
            }
            try { // a report is meant to be shared: rw-r--r-- rather than the temporary file's rw-------
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its default
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void render(Diagnosis d, List<Finding> findings, String version, Writer w) throws IOException {
        byte[] n = new byte[16];
        new SecureRandom().nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        w.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'nonce-" + nonce
                + "'; style-src 'unsafe-inline'; img-src data:\">\n");
        w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.write("<title>sexton report: " + Html.escape(d.host()) + "</title>\n<style>" + STYLE + "</style></head><body>\n");
        w.write("<header><h1>sexton report: " + Html.escape(d.host()) + "</h1><p class=\"meta\">"
                + Html.escape(Instant.ofEpochMilli(d.fromMillis()) + " to " + Instant.ofEpochMilli(d.toMillis()))
                + " &middot; " + String.format(Locale.ROOT, "%,d", d.samples()) + " samples &middot; sexton " + Html.escape(version)
                + " &middot; written " + Html.escape(Instant.now().toString()) + "</p></header>\n");
        w.write("<section id=\"findings\"><h2>Findings</h2>\n");
        if (findings.isEmpty()) w.write("<p class=\"ok\">Nothing needs attention.</p>\n");
        else w.write("<ol>\n");
        for (Finding f : findings) {
            w.write("<li class=\"finding " + f.severity().label() + "\" data-kind=\"" + Html.escape(f.kind()) + "\"><span class=\"sev\">"
                    + f.severity().label() + "</span> <b>" + Html.escape(f.title()) + "</b><div>" + Html.escape(f.detail()) + "</div>");
            w.write("<div class=\"fix\">fix: <code>" + Html.escape(f.fix()) + "</code></div>");
            if (f.chartId() != null) w.write("<a href=\"#" + Html.escape(f.chartId()) + "\">chart</a>");
            List<sexton.model.LogTemplate> logs = logsFor(d, f);
            if (!logs.isEmpty()) {
                w.write("<details open><summary>log lines</summary><ul>");
                for (sexton.model.LogTemplate t : logs) w.write("<li><code>" + Html.escape(sexton.analysis.LogTemplates.format(t)) + "</code></li>");
                w.write("</ul></details>");
            }
            w.write("</li>\n");
        }
        if (!findings.isEmpty()) w.write("</ol>\n");
        w.write("</section>\n<section id=\"charts\"><h2>Charts</h2>\n");
        for (String[] c : chartTitles(d)) {
            w.write("<div class=\"chart\"><h3 id=\"" + Html.escape(c[0]) + "\">" + Html.escape(c[1]) + "</h3><div class=\"box\"><canvas id=\"c-"
                    + Html.escape(c[0]) + "\"></canvas></div><button class=\"reset\" data-chart=\"c-" + Html.escape(c[0])
                    + "\">reset zoom</button></div>\n");
        }
        w.write("</section>\n");
        w.write("<script type=\"application/json\" id=\"sexton-data\">");
        w.write(json(d));
        w.write("</script>\n");
        for (String lib : new String[] {CHART_JS, HAMMER_JS, ZOOM_JS}) {
            w.write("<script nonce=\"" + nonce + "\">\n");
            w.write(resource(lib).replace("</script", "<\\/script"));
            w.write("\n</script>\n");
        }
        w.write("<script nonce=\"" + nonce + "\">\n" + APP + "\n</script>\n</body></html>\n");
    }

    private static List<sexton.model.LogTemplate> logsFor(Diagnosis d, Finding f) {
        if (!f.kind().equals("zombies")) return List.of();
        for (var g : d.zombies().groups()) {
            if (f.title().contains("of pid " + g.parentPid() + " ")) return d.logs().getOrDefault(g.parentPid(), List.of());
        }
        return List.of();
    }

    static List<String> chartIds(Diagnosis d) {
        return chartTitles(d).stream().map(c -> c[0]).toList();
    }

    /** {id, title} of every chart, in page order. */
    static List<String[]> chartTitles(Diagnosis d) {
        List<String[]> out = new java.util.ArrayList<>();
        out.add(new String[] {"chart-system", "System memory (MiB)"});
        for (Diagnosis.ProcessChart p : d.processes()) {
            out.add(new String[] {p.id(), (p.key() != null ? "pid " + p.key().pid() + " " : "") + p.command() + " (" + p.why()
                    + "): RSS and VSIZE (MiB)"});
        }
        out.add(new String[] {"chart-zombies", "Zombies by parent"});
        out.add(new String[] {"chart-dstate", "Processes in D state"});
        out.add(new String[] {"chart-forks", "Forks per second"});
        if (!d.dirs().isEmpty()) out.add(new String[] {"chart-dirs", "Watched directories (MiB)"});
        return out;
    }

    /** The data of every chart and the findings, for the live dashboard (same escaping as the report). */
    public static String dashboardJson(Diagnosis d, List<Finding> findings) throws IOException {
        String charts = json(d);
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(sw)) {
            g.setCharacterEscapes(new ScriptSafe());
            g.writeStartObject();
            g.writeStringField("host", d.host());
            g.writeNumberField("samples", d.samples());
            g.writeNumberField("from", d.fromMillis());
            g.writeNumberField("to", d.toMillis());
            g.writeArrayFieldStart("titles");
            for (String[] c : chartTitles(d)) {
                g.writeStartArray();
                g.writeString(c[0]);
                g.writeString(c[1]);
                g.writeEndArray();
            }
            g.writeEndArray();
            Findings.writeJson(g, findings);
            g.writeFieldName("data");
            g.writeRawValue(charts);
            g.writeEndObject();
        }
        return sw.toString();
    }

    /**
     * The live dashboard: the report's look and chart library, built in the browser from
     * {@code /api/dashboard} and rebuilt every {@code refreshSeconds}; text goes into the page only
     * through textContent.
     */
    public static String dashboardPage(int refreshSeconds) throws IOException {
        byte[] n = new byte[16];
        new SecureRandom().nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        b.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; connect-src 'self'; script-src 'nonce-")
                .append(nonce).append("'; style-src 'unsafe-inline'; img-src data:\">\n");
        b.append("<title>sexton live</title><style>").append(STYLE).append("</style></head><body>\n");
        b.append("<header><h1 id=\"title\">sexton live</h1><p class=\"meta\" id=\"meta\">loading...</p></header>\n");
        b.append("<section id=\"findings\"><h2>Findings</h2><ol id=\"list\"></ol></section>\n<section id=\"charts\"><h2>Charts</h2></section>\n");
        for (String lib : new String[] {CHART_JS, HAMMER_JS, ZOOM_JS}) {
            b.append("<script nonce=\"").append(nonce).append("\">\n").append(resource(lib).replace("</script", "<\\/script")).append("\n</script>\n");
        }
        b.append("<script nonce=\"").append(nonce).append("\">\nvar SEXTON_REFRESH = ").append(refreshSeconds * 1000).append(";\n")
                .append(LIVE).append("\n</script>\n</body></html>\n");
        return b.toString();
    }

    /** The data every chart draws, as JSON safe inside a script element. */
    static String json(Diagnosis d) throws IOException {
        StringWriter sw = new StringWriter();
        JsonFactory f = new JsonFactory();
        try (JsonGenerator g = f.createGenerator(sw)) {
            g.setCharacterEscapes(new ScriptSafe());
            g.writeStartObject();
            g.writeStringField("host", d.host());
            g.writeArrayFieldStart("charts");
            var sys = d.system();
            long[] t = sys.times();
            int[] idx = bucketIndexes(t.length);
            chart(g, "chart-system", "MiB", false, new String[] {"Memory Used", "Used - Buffers - Cached", "Swap Used", "MemAvailable"},
                    t, idx, i -> {
                        SystemMemory m = sys.memory().get(i);
                        return new double[] {m.usedWithCacheKib() / 1024.0, m.usedMinusBuffersCachedKib() / 1024.0,
                                m.swapTotalKib() < 0 ? Double.NaN : m.swapUsedKib() / 1024.0, m.availableOrEstimateKib() / 1024.0};
                    });
            for (Diagnosis.ProcessChart p : d.processes()) {
                chart(g, p.id(), "MiB", false, new String[] {"RSS", "VSIZE"}, p.times(), bucketIndexes(p.times().length),
                        i -> new double[] {p.rssKib()[i] < 0 ? Double.NaN : p.rssKib()[i] / 1024.0,
                                p.vsizeKib()[i] < 0 ? Double.NaN : p.vsizeKib()[i] / 1024.0});
            }
            var zt = d.zombieTimeline();
            String[] parents = zt.parents().isEmpty() ? new String[] {"zombies"} : zt.parents().toArray(new String[0]);
            chart(g, "chart-zombies", "zombies", true, parents, t, idx, i -> {
                double[] v = new double[parents.length];
                if (zt.parents().isEmpty()) v[0] = sys.zombies()[i];
                else for (int p = 0; p < parents.length; p++) v[p] = zt.counts()[p][i];
                return v;
            });
            chart(g, "chart-dstate", "processes", false, new String[] {"in D state"}, t, idx, i -> new double[] {sys.blocked()[i]});
            chart(g, "chart-forks", "forks/s", false, new String[] {"forks per second"}, t, idx, i -> {
                if (i == 0 || sys.forks()[i] <= 0 || sys.forks()[i - 1] <= 0 || t[i] <= t[i - 1]) return new double[] {Double.NaN};
                return new double[] {Math.max(0, sys.forks()[i] - sys.forks()[i - 1]) / ((t[i] - t[i - 1]) / 1000.0)};
            });
            if (!d.dirs().isEmpty()) dirChart(g, d.dirs());
            g.writeEndArray();
            g.writeEndObject();
        }
        return sw.toString();
    }

    /** Directory sizes over time, the largest {@link #DIR_SERIES} trees: each at its last walk at or before every walk of any. */
    private static void dirChart(JsonGenerator g, List<sexton.analysis.DirGrowth.Result> dirs) throws IOException {
        List<sexton.analysis.DirGrowth.Result> shown = dirs.subList(0, Math.min(DIR_SERIES, dirs.size()));
        long[] t = shown.stream().flatMapToLong(r -> java.util.Arrays.stream(r.times())).sorted().distinct().toArray();
        String[] labels = shown.stream().map(sexton.analysis.DirGrowth.Result::path).toArray(String[]::new);
        chart(g, "chart-dirs", "MiB", false, labels, t, bucketIndexes(t.length), i -> {
            double[] v = new double[shown.size()];
            for (int k = 0; k < v.length; k++) {
                long[] times = shown.get(k).times();
                int j = java.util.Arrays.binarySearch(times, t[i]);
                if (j < 0) j = -j - 2; // the walk before
                v[k] = j < 0 ? Double.NaN : shown.get(k).bytes()[j] / 1048576.0;
            }
            return v;
        });
    }

    static final int DIR_SERIES = 8;

    /** Indexes kept for a series of n samples: every one up to 1,200, else first/last of 600 buckets (peaks by max of the figures). */
    static int[] bucketIndexes(int n) {
        if (n <= 2 * Diagnosis.BUCKETS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] out = new int[2 * Diagnosis.BUCKETS];
        for (int b = 0; b < Diagnosis.BUCKETS; b++) {
            out[2 * b] = (int) ((long) b * n / Diagnosis.BUCKETS);
            out[2 * b + 1] = (int) Math.min(n - 1, ((long) (b + 1) * n / Diagnosis.BUCKETS) - 1);
        }
        return out;
    }

    private interface Row {
        double[] at(int i);
    }

    /**
     * One chart: times and one array per series. Where samples are bucketed, each bucket contributes
     * its minimum and maximum of every series, so a peak is never averaged away.
     */
    private static void chart(JsonGenerator g, String id, String unit, boolean stacked, String[] labels, long[] t, int[] idx, Row row)
            throws IOException {
        int series = labels.length;
        boolean bucketed = idx.length < t.length;
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        java.util.List<Long> times = new java.util.ArrayList<>();
        if (!bucketed) {
            for (int i : idx) {
                times.add(t[i]);
                rows.add(row.at(i));
            }
        } else {
            for (int b = 0; b < idx.length; b += 2) {
                double[] lo = null, hi = null;
                for (int i = idx[b]; i <= idx[b + 1]; i++) {
                    double[] v = row.at(i);
                    if (lo == null) {
                        lo = v.clone();
                        hi = v.clone();
                    }
                    for (int s = 0; s < series; s++) {
                        lo[s] = Math.min(lo[s], v[s]);
                        hi[s] = Math.max(hi[s], v[s]);
                    }
                }
                times.add(t[idx[b]]);
                rows.add(lo);
                times.add(t[idx[b + 1]]);
                rows.add(hi);
            }
        }
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("unit", unit);
        g.writeBooleanField("stacked", stacked);
        g.writeArrayFieldStart("t");
        for (long x : times) g.writeNumber(x);
        g.writeEndArray();
        g.writeArrayFieldStart("series");
        for (int s = 0; s < series; s++) {
            g.writeStartObject();
            g.writeStringField("label", labels[s]);
            g.writeArrayFieldStart("y");
            for (double[] r : rows) {
                if (Double.isNaN(r[s])) g.writeNull();
                else g.writeNumber(Math.round(r[s] * 10) / 10.0);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** JSON that cannot end its script element or open a comment: &lt; &gt; &amp; and line separators as \\u escapes. */
    static final class ScriptSafe extends CharacterEscapes {
        private final int[] table;

        ScriptSafe() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
            table['\''] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() { return table; }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028 || ch == 0x2029) return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
            return null;
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = HtmlReport.class.getResourceAsStream(path)) {
            if (in == null) throw new IOException("missing " + path + " (the chart library WebJar is not in the jar)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#222}
            h1{font-size:1.5em;margin:.2em 0}.meta{color:#666}
            .finding{margin:.6em 0;padding:.5em .7em;border-left:5px solid #999;background:#f7f7f7}
            .finding.critical{border-color:#c00}.finding.warning{border-color:#e80}.finding.notice{border-color:#48c}
            .sev{text-transform:uppercase;font-size:.8em;font-weight:bold}.fix code{background:#eee;padding:0 .3em}
            .chart{margin:1.2em 0}.box{position:relative;height:320px}.ok{color:#070}
            """;

    private static final String LIVE = """
            (function(){
              'use strict';
              if (window.ChartZoom) { Chart.register(window.ChartZoom); }
              var palette = ['#1f77b4','#d62728','#2ca02c','#ff7f0e','#9467bd','#8c564b','#e377c2','#7f7f7f'];
              var charts = {};
              function clock(v){ return new Date(v).toISOString().replace('T',' ').slice(0,19); }
              function text(tag, s, cls){ var e = document.createElement(tag); e.textContent = s; if (cls) { e.className = cls; } return e; }
              function render(d){
                document.getElementById('title').textContent = 'sexton live: ' + d.host;
                document.getElementById('meta').textContent = clock(d.from) + ' to ' + clock(d.to) + ' \\u00b7 ' + d.samples + ' samples';
                var list = document.getElementById('list'); list.textContent = '';
                if (d.findings.length === 0) { list.appendChild(text('li', 'Nothing needs attention.', 'ok')); }
                d.findings.forEach(function(f){
                  var li = document.createElement('li'); li.className = 'finding ' + f.severity;
                  li.appendChild(text('span', f.severity, 'sev')); li.appendChild(document.createTextNode(' '));
                  li.appendChild(text('b', f.title)); li.appendChild(text('div', f.detail)); li.appendChild(text('div', 'fix: ' + f.fix, 'fix'));
                  list.appendChild(li);
                });
                var section = document.getElementById('charts');
                var titles = {}; d.titles.forEach(function(t){ titles[t[0]] = t[1]; });
                d.data.charts.forEach(function(c){
                  var box = document.getElementById('box-' + c.id);
                  if (!box) {
                    var div = document.createElement('div'); div.className = 'chart';
                    div.appendChild(text('h3', titles[c.id] || c.id));
                    box = document.createElement('div'); box.className = 'box'; box.id = 'box-' + c.id;
                    var canvas = document.createElement('canvas'); box.appendChild(canvas); div.appendChild(box); section.appendChild(div);
                  }
                  var datasets = c.series.map(function(s, k){
                    return { label: s.label, data: c.t.map(function(t, i){ return {x: t, y: s.y[i]}; }), borderColor: palette[k % palette.length],
                             backgroundColor: palette[k % palette.length] + (c.stacked ? '88' : '22'), fill: c.stacked, pointRadius: 0, borderWidth: 1.5 };
                  });
                  if (charts[c.id]) { charts[c.id].data.datasets = datasets; charts[c.id].update('none'); return; }
                  charts[c.id] = new Chart(box.firstChild, { type: 'line', data: { datasets: datasets },
                    options: { animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
                      interaction: { mode: 'nearest', axis: 'x', intersect: false },
                      scales: { x: { type: 'linear', ticks: { callback: clock, maxTicksLimit: 8 } },
                                y: { stacked: c.stacked, beginAtZero: true, title: { display: true, text: c.unit } } },
                      plugins: { zoom: { zoom: { wheel: { enabled: true }, drag: { enabled: true }, mode: 'x' } } } } });
                });
                window.sextonCharts = charts;
              }
              function poll(){
                fetch('/api/dashboard').then(function(r){ return r.ok ? r.json() : null; }).then(function(d){ if (d) { render(d); } })
                  .catch(function(){ document.getElementById('meta').textContent = 'sexton is not answering; retrying'; });
              }
              poll(); setInterval(poll, SEXTON_REFRESH);
            })();
            """;

    /** Builds every chart from the embedded data; labels go through Chart.js onto a canvas, never into the DOM as HTML. */
    private static final String APP = """
            (function(){
              'use strict';
              var data = JSON.parse(document.getElementById('sexton-data').textContent);
              if (window.ChartZoom) { Chart.register(window.ChartZoom); }
              var palette = ['#1f77b4','#d62728','#2ca02c','#ff7f0e','#9467bd','#8c564b','#e377c2','#7f7f7f'];
              function clock(v){ var d = new Date(v); return d.toISOString().replace('T',' ').slice(0, short ? 19 : 16); }
              var short = false;
              window.sextonCharts = {};
              data.charts.forEach(function(c){
                var canvas = document.getElementById('c-' + c.id);
                if (!canvas) { return; }
                short = c.t.length > 1 && c.t[c.t.length - 1] - c.t[0] < 2 * 3600 * 1000;
                var datasets = c.series.map(function(s, k){
                  return { label: s.label, data: c.t.map(function(t, i){ return {x: t, y: s.y[i]}; }),
                           borderColor: palette[k % palette.length], backgroundColor: palette[k % palette.length] + (c.stacked ? '88' : '22'),
                           fill: c.stacked, pointRadius: 0, borderWidth: 1.5, spanGaps: false };
                });
                window.sextonCharts['c-' + c.id] = new Chart(canvas, {
                  type: 'line', data: { datasets: datasets },
                  options: { animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
                    interaction: { mode: 'nearest', axis: 'x', intersect: false },
                    scales: { x: { type: 'linear', ticks: { callback: clock, maxTicksLimit: 8 } },
                              y: { stacked: c.stacked, beginAtZero: true, title: { display: true, text: c.unit } } },
                    plugins: { tooltip: { callbacks: { title: function(items){ return items.length ? clock(items[0].parsed.x) : ''; } } },
                               zoom: { zoom: { wheel: { enabled: true }, drag: { enabled: true }, mode: 'x' }, pan: { enabled: true, mode: 'x', modifierKey: 'shift' } } } }
                });
              });
              Array.prototype.forEach.call(document.querySelectorAll('button.reset'), function(b){
                b.addEventListener('click', function(){ var ch = window.sextonCharts[b.getAttribute('data-chart')]; if (ch && ch.resetZoom) { ch.resetZoom(); } });
              });
            })();
            """;
}
