package sexton.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import sexton.model.Snapshot;
import sexton.procfs.ProcFs;
import sexton.procfs.UserNames;
import sexton.record.Sampler;

/** /metrics names and labels for the fixture /proc tree, scraped over HTTP on loopback. */
class AgentMetricsTest {
    @TempDir
    Path dir;

    @Test
    void namesAndLabelsForTheBasicFixture() throws Exception {
        Path root = Path.of(getClass().getResource("/proc/basic").toURI());
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\n");
        Snapshot s;
        try (Sampler sampler = new Sampler(new ProcFs(root), new UserNames(passwd), 30)) {
            s = sampler.take();
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        AgentMetrics metrics = new AgentMetrics(registry, 2);
        metrics.publish(s, 1_000_000);
        try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            String body = r.body();
            assertThat(body).contains("# TYPE sexton_zombies gauge")
                    .contains("sexton_zombies{parent_comm=\"\",parent_pid=\"2099\",unit=\"\"} 1.0")
                    .contains("sexton_processes{state=\"Z\"} 1.0").contains("sexton_processes{state=\"D\"} 1.0")
                    .contains("sexton_processes{state=\"t\"} 1.0")
                    .contains("sexton_memory_bytes{kind=\"total\"} ").contains("sexton_memory_bytes{kind=\"available\"} ")
                    .contains("# TYPE sexton_forks_total counter").contains("sexton_pid_max ").contains("sexton_threads_max ")
                    .contains("sexton_snapshot_seconds ").contains("sexton_store_write_seconds 0.001");
            long groups = body.lines().filter(l -> l.startsWith("sexton_group_resident_bytes{")).count();
            assertThat(groups).as("bounded by --top-groups").isEqualTo(2);
            assertThat(body).contains("sexton_group_resident_bytes{group=\"foo.service\",kind=\"unit\"} 8.388608E7");
        }
    }

    @Test
    void watchedDirectoriesAsGaugesWithRateAndForecastOnlyWhenKnown() throws Exception {
        java.util.List<sexton.model.DirSample> filling = new java.util.ArrayList<>(), young = new java.util.ArrayList<>();
        long t0 = 1_790_000_000_000L;
        for (int i = 0; i < 24; i++) {
            long bytes = (1L << 30) + i * 100L * (1 << 20); // 100 MiB per 5 min
            filling.add(new sexton.model.DirSample("/var/spool/mqueue", t0 + i * 300_000L, bytes, bytes, 10 + i, t0, t0, 1L << 40,
                    (50L << 30) - i * 100L * (1 << 20), 0, 0, java.util.Map.of(), java.util.Map.of()));
        }
        young.add(new sexton.model.DirSample("/var/log", t0, 777, 4096, 3, t0, t0, 1L << 40, 1L << 39, 0, 0, java.util.Map.of(), java.util.Map.of()));
        PrometheusRegistry registry = new PrometheusRegistry();
        AgentMetrics metrics = new AgentMetrics(registry, 2);
        sexton.analysis.DirGrowth.Result f = sexton.analysis.DirGrowth.judge(filling);
        metrics.publishDirs(java.util.List.of(f, sexton.analysis.DirGrowth.judge(young)));
        try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart()) {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("sexton_dir_bytes{path=\"/var/log\"} 777.0").contains("sexton_dir_files{path=\"/var/spool/mqueue\"} 33.0")
                    .contains("sexton_dir_fs_avail_bytes{path=\"/var/log\"} 5.49755813888E11");
            double perSecond = Double.parseDouble(body.lines().filter(l -> l.startsWith("sexton_dir_growth_bytes_per_second{path=\"/var/spool/mqueue\"}"))
                    .findFirst().orElseThrow().split(" ")[1]);
            assertThat(perSecond).isCloseTo(1200.0 * (1 << 20) / 3600, org.assertj.core.api.Assertions.within(1.0));
            double full = Double.parseDouble(body.lines().filter(l -> l.startsWith("sexton_dir_fs_full_timestamp_seconds{path=\"/var/spool/mqueue\"}"))
                    .findFirst().orElseThrow().split(" ")[1]);
            assertThat(full).isCloseTo(f.fsFullAtMillis() / 1000.0, org.assertj.core.api.Assertions.within(1.0));
            assertThat(body).as("no rate or forecast from one walk").doesNotContain("sexton_dir_growth_bytes_per_second{path=\"/var/log\"}")
                    .doesNotContain("sexton_dir_fs_full_timestamp_seconds{path=\"/var/log\"}");
        }
    }
}
