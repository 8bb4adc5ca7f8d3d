package sexton.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's, installed by .ci/run) on 127.0.0.1 scraping a real {@code sexton serve}
 * every second while a zombie factory runs: it sees the zombies per parent, and the zombie-storm
 * rule from {@code sexton rules} fires for that parent. Every process is ended by its handle.
 */
class PrometheusIntegrationTest {
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private long factory = -1;

    private sexton.testing.ZombieFactory zombies;

    @AfterEach
    void end() throws Exception {
        if (zombies != null) zombies.close();
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i);
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void prometheusSeesZombiesPerParentAndTheStormAlertFires() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus is not installed (.ci/run installs it): test skipped");
        zombies = sexton.testing.ZombieFactory.start("0.05");
        factory = zombies.pid();

        int servePort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), "sexton.cli.Main", "serve",
                "--listen", "127.0.0.1:" + servePort, "--interval", "1s", "--db", dir.resolve("s.db").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        started.add(serve);

        Path rules = dir.resolve("rules.yml");
        assertThat(sexton.cli.Main.run("rules", "-o", rules.toString(), "--zombies", "5", "--storm-for", "3s")).isZero();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ["%s"]
                scrape_configs:
                  - job_name: sexton
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(rules, servePort));
        int promPort = freePort();
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        started.add(prometheus);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://127.0.0.1:" + promPort + "/api/v1/";
        String query = URLEncoder.encode("sexton_zombies{parent_pid=\"" + factory + "\"}", StandardCharsets.UTF_8);
        String seen = "";
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            try {
                seen = get(http, base + "query?query=" + query);
                if (seen.contains("\"parent_comm\":\"cimserver\"") && seen.matches("(?s).*\"value\":\\[[0-9.]+,\"([6-9]|[1-9][0-9]+)(\\.0)?\"\\].*")) break;
            } catch (java.io.IOException e) {
                // prometheus still starting
            }
            Thread.sleep(1000);
        }
        assertThat(seen).as("Prometheus' view of the zombies of pid %d; serve log: %s", factory,
                Files.exists(dir.resolve("serve.log")) ? Files.readString(dir.resolve("serve.log")) : "")
                .contains("\"parent_pid\":\"" + factory + "\"").contains("\"parent_comm\":\"cimserver\"");

        String alerts = "";
        end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            alerts = get(http, base + "alerts");
            if (alerts.contains("SextonZombieStorm") && alerts.contains("\"state\":\"firing\"")) break;
            Thread.sleep(1000);
        }
        assertThat(alerts).contains("\"alertname\":\"SextonZombieStorm\"").contains("\"parent_pid\":\"" + factory + "\"")
                .contains("\"state\":\"firing\"").contains("sexton zombies --fix --parent " + factory);

        // the same storm, diagnosed from Prometheus' history alone
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        int exit;
        try {
            System.setOut(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
            exit = sexton.cli.Main.run("analyze", "--prometheus", "http://127.0.0.1:" + promPort, "--instance", "127.0.0.1:" + servePort,
                    "--since", "2m", "--step", "1", "--json");
        } finally {
            System.setOut(old);
        }
        String analysis = buf.toString(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream zbuf = new java.io.ByteArrayOutputStream();
        int zexit;
        try {
            System.setOut(new java.io.PrintStream(zbuf, true, StandardCharsets.UTF_8));
            zexit = sexton.cli.Main.run("zombies", "--prometheus", "http://127.0.0.1:" + promPort, "--instance", "127.0.0.1:" + servePort,
                    "--prometheus-since", "2m", "--no-logs", "--json");
        } finally {
            System.setOut(old);
        }
        String z = zbuf.toString(StandardCharsets.UTF_8);
        assertThat(zexit).as(z).isEqualTo(1);
        assertThat(z).contains("\"parent_pid\" : " + factory + ",").contains("\"parent_command\" : \"cimserver\"").contains("\"trend\" : \"growing\"");
        assertThat(exit).as(analysis).isEqualTo(1);
        assertThat(analysis).contains("\"kind\" : \"zombies\"").contains("zombies of pid " + factory + " cimserver")
                .contains("sexton zombies --fix --parent " + factory);
    }
}
