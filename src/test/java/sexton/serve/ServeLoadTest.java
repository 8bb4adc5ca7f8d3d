package sexton.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import sexton.store.Store;

/**
 * 50 clients scraping /metrics and /api/dashboard for 30 s (bounded in count and time) against a
 * real {@code sexton serve} sampling every second: no errors, the sampling interval held, the agent's
 * memory bounded. Figures go to target/serve-load.txt for BENCHMARKS.md.
 */
class ServeLoadTest {
    static final int CLIENTS = 50;
    static final long SECONDS = 30;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void fiftyClientsForThirtySeconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(javaBin, "-XX:+UseSerialGC", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "sexton.cli.Main", "serve", "--listen", "127.0.0.1:" + port, "--interval", "1s", "--db", dir.resolve("s.db").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        String base = "http://127.0.0.1:" + port;
        long[] latencies;
        int errors = 0, requests = 0;
        long hwmKib;
        try {
            HttpClient probe = HttpClient.newHttpClient();
            for (int i = 0; i < 80; i++) {
                try {
                    if (probe.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200) break;
                } catch (java.io.IOException e) {
                    // not up yet
                }
                Thread.sleep(250);
            }
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                    List<Long> lat = new ArrayList<>();
                    long err = 0;
                    int k = 0;
                    while (System.nanoTime() < end && k < 100_000) {
                        String path = (client + k++) % 2 == 0 ? "/metrics" : "/api/dashboard";
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() != 200 || r.body().length == 0) err++;
                        } catch (java.io.IOException e) {
                            err++;
                        }
                        lat.add(System.nanoTime() - t0);
                    }
                    long[] out = new long[lat.size() + 1];
                    out[0] = err;
                    for (int i = 0; i < lat.size(); i++) out[i + 1] = lat.get(i);
                    return out;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> f : futures) {
                long[] r = f.get(SECONDS + 60, TimeUnit.SECONDS);
                errors += (int) r[0];
                for (int i = 1; i < r.length; i++) all.add(r[i]);
            }
            pool.shutdownNow();
            requests = all.size();
            latencies = all.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(latencies);
            hwmKib = Files.readAllLines(Path.of("/proc/" + serve.pid() + "/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
        } finally {
            serve.destroy();
            serve.waitFor(20, TimeUnit.SECONDS);
        }
        // the sampling interval held under load: gaps between stored snapshots
        long maxGap = 0;
        int snapshots;
        try (Store s = Store.openReadOnly(dir.resolve("s.db"))) {
            long host = s.hosts().get(0).id();
            sexton.model.SystemSeries sys = s.systemSeries(host, 0, Long.MAX_VALUE);
            snapshots = sys.size();
            for (int i = 1; i < sys.size(); i++) maxGap = Math.max(maxGap, sys.times()[i] - sys.times()[i - 1]);
        }
        String figures = String.format(Locale.ROOT, "clients %d, %d s: %d requests (%.0f/s), %d errors, latency p50 %.1f ms p99 %.1f ms max %.1f ms; "
                        + "agent peak RSS %.1f MiB; %d snapshots, largest gap %d ms at a 1 s interval%n",
                CLIENTS, SECONDS, requests, requests / (double) SECONDS, errors, latencies[latencies.length / 2] / 1e6,
                latencies[(int) (latencies.length * 0.99)] / 1e6, latencies[latencies.length - 1] / 1e6, hwmKib / 1024.0, snapshots, maxGap);
        System.out.print(figures);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "serve-load.txt"), figures);
        assertThat(errors).as(figures).isZero();
        assertThat(requests).isGreaterThan(CLIENTS * 10);
        assertThat(maxGap).as("sampling held its 1 s interval: " + figures).isLessThan(2500);
        assertThat(hwmKib).as("agent memory bounded: " + figures).isLessThan(400 * 1024);
    }
}
