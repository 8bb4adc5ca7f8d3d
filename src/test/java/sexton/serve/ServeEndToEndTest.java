package sexton.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sexton serve} in a child JVM: dashboard, its JSON, metrics, read-only, and a clean exit on SIGTERM. */
class ServeEndToEndTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void dashboardApiMetricsReadOnlyAndCleanShutdown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(javaBin, "-Xmx128m", "-cp", System.getProperty("java.class.path"), "sexton.cli.Main", "serve",
                "--listen", "127.0.0.1:" + port, "--interval", "1s", "--db", dir.resolve("s.db").toString(),
                "--watch-dir", java.nio.file.Files.createDirectories(dir.resolve("spool")).toString(), "--dir-interval", "1s")
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String base = "http://127.0.0.1:" + port;
            String api = "";
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (System.nanoTime() < end) {
                try {
                    api = http.send(HttpRequest.newBuilder(URI.create(base + "/api/dashboard")).build(), HttpResponse.BodyHandlers.ofString()).body();
                    if (api.matches("(?s).*\"samples\":[2-9].*")) break;
                } catch (java.io.IOException e) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            assertThat(api).contains("\"titles\":[[\"chart-system\"").contains("\"findings\":[").contains("\"charts\":[{\"id\":\"chart-system\"");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("sexton live").contains("connect-src 'self'").contains("fetch('/api/dashboard')");
            java.nio.file.Files.writeString(dir.resolve("spool/mail"), "x".repeat(1234));
            String metrics = "";
            // the watched directory appears once the analysis thread has judged a walk of it (every 10 s)
            String dirLine = "sexton_dir_bytes{path=\"" + dir.resolve("spool") + "\"} 1234.0";
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < until && !metrics.contains(dirLine); ) {
                metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                Thread.sleep(500);
            }
            assertThat(metrics).contains("sexton_memory_bytes{kind=\"total\"}").contains("sexton_processes{state=")
                    .contains(dirLine).contains("sexton_dir_files{path=\"" + dir.resolve("spool") + "\"} 1.0")
                    .contains("sexton_dir_fs_avail_bytes{path=");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/")).POST(HttpRequest.BodyPublishers.ofString("x"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as("read-only").isEqualTo(405);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/fix")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(404);
        } finally {
            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(serve.exitValue()).as(java.nio.file.Files.readString(dir.resolve("serve.log"))).isZero();
        try (sexton.store.Store s = sexton.store.Store.openReadOnly(dir.resolve("s.db"))) {
            assertThat(s.hosts()).hasSize(1);
            assertThat(s.snapshotCount(s.hosts().get(0).id())).isGreaterThanOrEqualTo(2);
        }
    }
}
