package sexton.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import sexton.capture.CaptureImport;
import sexton.model.MemoryLimits;
import sexton.model.ServiceOwner;
import sexton.store.HostRow;
import sexton.store.Store;

/**
 * The report of a fixture host (an imported two-hour capture with a leaker, a zombie-making parent,
 * a process in D state and hostile command lines): its sections, the data of every chart, the
 * findings and their fixes, and that nothing from the host reaches the page unescaped.
 */
class ReportStructureTest {
    @TempDir
    Path dir;

    static final String EVIL_IMG = "<img src=x onerror=alert(1)>";
    static final String EVIL_SCRIPT = "\"><script>alert('x')</script>";

    static Path fixtureCapture(Path dir) throws Exception {
        StringBuilder b = new StringBuilder();
        long t0 = Instant.parse("2026-11-20T08:00:00Z").getEpochSecond();
        for (int i = 0; i < 720; i++) {
            b.append('@').append(t0 + i * 10L).append('\n');
            b.append("             total       used       free     shared    buffers     cached\n");
            b.append("Mem:      16303412   14303412    2000000          0     200000    3000000\n");
            b.append("Swap:      2097148      10000    2087148\n");
            b.append("  PID  PPID   RSS    VSZ %CPU %MEM STAT CMD\n");
            b.append("    1     0   680  10368  0.0  0.0 S    init\n");
            b.append(String.format(Locale.ROOT, "  700     1 %6d 900000  1.0  1.5 S    /usr/bin/worker --queue mail%n", 200_000 + i * 60));
            b.append("  800     1 2000000 4000000  0.5 12.3 S    /usr/sbin/mysqld\n");
            b.append("  900     1  3000  9000  0.0  0.0 D    /usr/bin/rsync /mnt/nfs /backup\n");
            // hostile command lines, big enough (11 %MEM) to be charted, so their names reach the page
            b.append("  950     1 1800000 2000000  0.0 11.0 S    ").append(EVIL_IMG).append('\n');
            b.append("  951     1 1800000 2000000  0.0 11.0 S    ").append(EVIL_SCRIPT).append('\n');
            b.append("  2000    1  9000 20000  0.0  0.1 S    /usr/sbin/cimserver\n");
            for (int w = 0; w <= i / 72; w++) { // one more flat 20 MiB worker every 12 minutes
                b.append(String.format(Locale.ROOT, "  %d     1  20480  90000  0.0  0.1 S    php-fpm: pool www%n", 5000 + w));
            }
            for (int z = 0; z <= i / 60; z++) b.append(String.format(Locale.ROOT, "  %d  2000     0     0  0.0  0.0 Z    [cimservera] <defunct>%n", 3000 + z));
        }
        Path f = dir.resolve("web01.txt");
        Files.writeString(f, b);
        return f;
    }

    static Diagnosis diagnose(Path dir) throws Exception {
        Path capture = fixtureCapture(dir);
        try (Store store = Store.open(dir.resolve("s.db"))) {
            CaptureImport.run(store, CaptureImport.sources(List.of(capture.toString()), System.in),
                    new CaptureImport.Options("web01", null, 10_000, false, ZoneOffset.UTC, 0), null);
            HostRow h = store.host("web01").orElseThrow();
            return Diagnosis.gather(store, h, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2, 10, k -> MemoryLimits.NONE,
                    snap -> p -> ServiceOwner.none(List.of()), groups -> Map.of());
        }
    }

    @Test
    void sectionsChartsFindingsAndEscaping() throws Exception {
        Diagnosis d = diagnose(dir);
        List<Finding> findings = Findings.rank(d);
        assertThat(findings).extracting(Finding::kind).contains("leak", "zombies", "stuck");
        Finding leak = findings.stream().filter(f -> f.kind().equals("leak") && f.title().startsWith("pid 700")).findFirst().orElseThrow();
        assertThat(leak.title()).contains("pid 700").contains("/usr/bin/worker");
        assertThat(leak.chartId()).isEqualTo("chart-p700-" + d.processes().stream().filter(p -> p.key() != null && p.key().pid() == 700)
                .findFirst().orElseThrow().key().startTicks());
        Finding zombies = findings.stream().filter(f -> f.kind().equals("zombies")).findFirst().orElseThrow();
        assertThat(zombies.title()).contains("12 zombies of pid 2000");
        assertThat(zombies.fix()).isEqualTo("sexton zombies --fix --parent 2000");
        assertThat(findings.stream().filter(f -> f.kind().equals("stuck")).findFirst().orElseThrow().title()).contains("pid 900").contains("D state");

        StringWriter w = new StringWriter();
        HtmlReport.render(d, findings, "test", w);
        String html = w.toString();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<section id=\"findings\">").contains("<section id=\"charts\">")
                .contains("default-src 'none'").contains("sexton report: web01").contains("720 samples");
        // every chart has its heading, its canvas, and its data
        List<String> ids = HtmlReport.chartIds(d);
        assertThat(ids).contains("chart-system", "chart-zombies", "chart-dstate", "chart-forks", leak.chartId());
        assertThat(ids).as("mysqld is above 10 %MEM").anyMatch(id -> id.startsWith("chart-p800-"));
        for (String id : ids) assertThat(html).contains("id=\"" + id + "\"").contains("<canvas id=\"c-" + id + "\">");
        String json = html.substring(html.indexOf("id=\"sexton-data\">") + 17, html.indexOf("</script>", html.indexOf("id=\"sexton-data\">")));
        Map<String, List<String>> series = seriesLabels(json);
        assertThat(series.get("chart-system")).containsExactly("Memory Used", "Used - Buffers - Cached", "Swap Used", "MemAvailable");
        assertThat(series.get(leak.chartId())).containsExactly("RSS", "VSIZE");
        assertThat(series.get("chart-zombies")).containsExactly("2000 cimserver");
        assertThat(series.get("chart-dstate")).containsExactly("in D state");
        // a group whose members each stay flat but whose sum grows is charted as a group
        Finding group = findings.stream().filter(f -> f.kind().equals("leak") && f.title().startsWith("group of")).findFirst().orElseThrow();
        assertThat(group.title()).contains("php-fpm: pool www");
        assertThat(ids).contains(group.chartId());
        assertThat(series.get(group.chartId())).containsExactly("RSS", "VSIZE");

        // hostile command lines: escaped in the page, and never raw in the embedded JSON
        assertThat(html).doesNotContain(EVIL_IMG).doesNotContain("<script>alert");
        assertThat(json).doesNotContain("<").doesNotContain(">");
        assertThat(html.replace(EVIL_IMG, "")).contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(html).contains("&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    }

    @Test
    void longHistoriesAreDownsampledWithoutLosingPeaks() {
        int n = 8640;
        long[] t = new long[n], rss = new long[n], vsz = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_000_000L + i * 10_000L;
            rss[i] = 1000 + (i % 100);
            vsz[i] = 5000;
        }
        rss[4321] = 999_999; // one spike
        var s = new sexton.model.MemorySeries(new sexton.model.ProcessKey(1, 1), sexton.model.ProcessInfo.ofComm("x"), null, t, rss, vsz,
                new long[n], new byte[n], new int[n]);
        Diagnosis.ProcessChart c = Diagnosis.downsample(s, "test");
        assertThat(c.times().length).isLessThanOrEqualTo(2 * Diagnosis.BUCKETS);
        assertThat(c.rssKib()).contains(999_999L).contains(1000L);
        assertThat(HtmlReport.bucketIndexes(n).length).isEqualTo(2 * Diagnosis.BUCKETS);
        assertThat(HtmlReport.bucketIndexes(500)).hasSize(500);
    }

    /** chart id → its series labels, read from the embedded JSON with a real parser. */
    static Map<String, List<String>> seriesLabels(String json) throws Exception {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String id = null;
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("id")) {
                    p.nextToken();
                    id = p.getText();
                    out.put(id, new ArrayList<>());
                } else if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("label")) {
                    p.nextToken();
                    out.get(id).add(p.getText());
                }
            }
        }
        return out;
    }
}
