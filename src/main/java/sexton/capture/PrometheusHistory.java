package sexton.capture;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import sexton.model.CpuTimes;
import sexton.model.HostInfo;
import sexton.model.KernelStats;
import sexton.model.LoadAverage;
import sexton.model.ProcState;
import sexton.model.ProcessInfo;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.ProcessStatus;
import sexton.model.Snapshot;
import sexton.model.SnapshotStats;
import sexton.model.SystemMemory;
import sexton.store.CaptureWriter;
import sexton.store.Store;

/**
 * One host's history pulled back out of Prometheus ({@code /api/v1/query_range} on the metrics of
 * {@code sexton serve}) and written into a store as that host, so every analysis runs on it. Prometheus
 * keeps aggregates, not processes, so the history is rebuilt from them: each zombie parent with its
 * zombies (the first N of a parent keep their identity from one step to the next, so a rising count
 * reads as births), each memory group as one process, D-state counts as the kernel's blocked count.
 */
public final class PrometheusHistory {
    /** A series: its labels and its values by time (ms). */
    record Series(Map<String, String> labels, TreeMap<Long, Double> values) {
    }

    private PrometheusHistory() {}

    /** Pulls [from, to] at {@code stepSeconds} for {@code instance} and writes it as host {@code instance}; returns the samples written. */
    public static int load(String baseUrl, String instance, long fromMillis, long toMillis, int stepSeconds, Store store) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String sel = "{instance=\"" + instance.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        List<Series> memory = query(http, baseUrl, "sexton_memory_bytes" + sel, fromMillis, toMillis, stepSeconds);
        if (memory.isEmpty()) throw new IllegalArgumentException("Prometheus at " + baseUrl + " has no sexton_memory_bytes for instance "
                + instance + " in that window");
        List<Series> zombies = query(http, baseUrl, "sexton_zombies" + sel, fromMillis, toMillis, stepSeconds);
        List<Series> states = query(http, baseUrl, "sexton_processes" + sel, fromMillis, toMillis, stepSeconds);
        List<Series> groups = query(http, baseUrl, "sexton_group_resident_bytes" + sel, fromMillis, toMillis, stepSeconds);
        List<Series> pidMax = query(http, baseUrl, "sexton_pid_max" + sel, fromMillis, toMillis, stepSeconds);
        List<Series> forks = query(http, baseUrl, "sexton_forks_total" + sel, fromMillis, toMillis, stepSeconds);

        java.util.TreeSet<Long> times = new java.util.TreeSet<>();
        for (Series s : memory) times.addAll(s.values().keySet());
        int written = 0;
        try (CaptureWriter w = store.importCapture(new HostInfo(instance, 100, 4096))) {
            long serial = w.firstFreeSerial();
            Map<String, Long> keys = new HashMap<>();
            for (long t : times) {
                Map<String, Double> kind = new HashMap<>();
                for (Series s : memory) {
                    Double v = s.values().get(t);
                    if (v != null) kind.put(s.labels().getOrDefault("kind", ""), v);
                }
                SystemMemory m = new SystemMemory(kib(kind.get("total")), kib(kind.get("free")), kib(kind.get("available")),
                        kib(kind.get("buffers")), kib(kind.get("cached")), -1, kib(kind.get("shmem")), kib(kind.get("swap_total")),
                        kib(kind.get("swap_free")), -1);
                List<ProcessSample> ps = new ArrayList<>();
                int blocked = 0, running = 0;
                for (Series s : states) {
                    Double v = s.values().get(t);
                    if (v == null) continue;
                    if ("D".equals(s.labels().get("state"))) blocked = v.intValue();
                    if ("R".equals(s.labels().get("state"))) running = v.intValue();
                }
                int synthetic = 1_000_000; // pids of rebuilt groups and zombies: above any real pid_max default
                for (Series s : groups) {
                    Double v = s.values().get(t);
                    String name = s.labels().getOrDefault("group", "?");
                    boolean unit = "unit".equals(s.labels().get("kind"));
                    int pid = synthetic + Math.floorMod(name.hashCode(), 1_000_000);
                    if (v == null) continue;
                    long base = serial;
                    long key = keys.computeIfAbsent("g\0" + name, k -> base + 20_000 + keys.size());
                    ps.add(sample(pid, key, 1, ProcState.SLEEPING, (long) (v / 1024),
                            new ProcessInfo(name, name, unit ? name : null, null)));
                }
                for (Series s : zombies) {
                    Double v = s.values().get(t);
                    if (v == null) continue;
                    int parent = Integer.parseInt(s.labels().getOrDefault("parent_pid", "0"));
                    String comm = s.labels().getOrDefault("parent_comm", "?");
                    String unit = s.labels().getOrDefault("unit", "");
                    if (ps.stream().noneMatch(p -> p.pid() == parent)) {
                        ps.add(sample(parent, serial + Math.abs(("p" + parent).hashCode() % 1000), 1, ProcState.SLEEPING, 0,
                                new ProcessInfo(comm, comm, unit.isEmpty() ? null : unit, null)));
                    }
                    for (int z = 0; z < v.intValue(); z++) { // the first N zombies of a parent keep their keys: growth reads as births
                        int zpid = 2_000_000 + Math.floorMod(parent * 4096 + z, 2_000_000);
                        ps.add(sample(zpid, serial + 10_000 + z, parent, ProcState.ZOMBIE, 0, new ProcessInfo("child", "[child]", null, null)));
                    }
                }
                ps.sort(java.util.Comparator.comparingInt(ProcessSample::pid).thenComparingLong(p -> p.key().startTicks()));
                List<ProcessSample> unique = new ArrayList<>();
                for (ProcessSample p : ps) if (unique.isEmpty() || !unique.get(unique.size() - 1).key().equals(p.key())) unique.add(p);
                int pm = pidMax.isEmpty() || pidMax.get(0).values().get(t) == null ? 0 : pidMax.get(0).values().get(t).intValue();
                long fk = forks.isEmpty() || forks.get(0).values().get(t) == null ? 0 : forks.get(0).values().get(t).longValue();
                w.write(new Snapshot(t, m, new KernelStats(CpuTimes.ZERO, 0, fk, running, blocked), LoadAverage.ZERO, pm, 0, unique,
                        SnapshotStats.NONE));
                written++;
            }
            w.commit();
        }
        return written;
    }

    private static ProcessSample sample(int pid, long start, int ppid, ProcState state, long rssKib, ProcessInfo info) {
        return new ProcessSample(new ProcessKey(pid, start), ppid, pid, pid, 0, state, 0, 0, 1, rssKib, rssKib, null, Double.NaN,
                Double.NaN, null, info, ProcessStatus.UNKNOWN);
    }

    private static long kib(Double bytes) {
        return bytes == null ? -1 : (long) (bytes / 1024);
    }

    /** One query_range, parsed with the streaming parser: a list of series. */
    static List<Series> query(HttpClient http, String base, String promql, long from, long to, int step) throws IOException {
        String url = base.replaceAll("/+$", "") + "/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + from / 1000.0 + "&end=" + to / 1000.0 + "&step=" + step;
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Prometheus URL: " + base);
        }
        if (r.statusCode() != 200) throw new IOException("Prometheus answered " + r.statusCode() + " to " + promql + ": " + r.body().lines().findFirst().orElse(""));
        return parse(r.body());
    }

    static List<Series> parse(String json) throws IOException {
        List<Series> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("result")) {
                    p.nextToken(); // [
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> labels = new HashMap<>();
                        TreeMap<Long, Double> values = new TreeMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            if (f.equals("metric")) {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String k = p.currentName();
                                    p.nextToken();
                                    labels.put(k, p.getText());
                                }
                            } else if (f.equals("values")) {
                                while (p.nextToken() == JsonToken.START_ARRAY) {
                                    p.nextToken();
                                    long t = Math.round(p.getDoubleValue() * 1000);
                                    p.nextToken();
                                    double v = Double.parseDouble(p.getText());
                                    p.nextToken(); // ]
                                    if (!Double.isNaN(v)) values.put(t, v);
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                        out.add(new Series(labels, values));
                    }
                }
            }
        }
        return out;
    }
}
