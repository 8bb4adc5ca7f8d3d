package sexton.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import sexton.model.CpuTimes;
import sexton.model.HostInfo;
import sexton.model.KernelStats;
import sexton.model.ProcState;
import sexton.model.ProcessInfo;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.ProcessStatus;
import sexton.model.Snapshot;
import sexton.model.SnapshotStats;
import sexton.model.SystemMemory;
import sexton.store.CaptureRecord;
import sexton.store.CaptureWriter;
import sexton.store.Store;

/**
 * Imports text captures into the store as one host, all files in one transaction: a malformed line
 * anywhere rolls everything back. Each file is read twice: a quick scan hashes the text (content
 * already imported is skipped) and counts samples (for the default start, "modification time minus
 * samples × interval"); the second read parses and writes. Memory stays bounded: samples stream
 * through, only live processes are held.
 */
public final class CaptureImport {
    /** Clock ticks per second of imported hosts: TIME columns are stored as ticks at this rate. */
    public static final int HZ = 100;
    private static final SystemMemory UNKNOWN_MEMORY = new SystemMemory(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1);

    /**
     * @param startMillis  time of the first sample when no date line says (null: modification time minus samples × interval)
     * @param freeUnitBytes unit of bare numbers in free blocks (0: tell from the capture)
     */
    public record Options(String host, Long startMillis, long intervalMillis, boolean lenient, ZoneId zone,
                          long freeUnitBytes) {
    }

    /** What one import did. */
    public record Summary(String host, int samples, int processes, long firstMillis, long lastMillis, double intervalSeconds,
                          List<String> skippedBlocks, int zombies, List<String> notes, List<String> alreadyImported,
                          long bytes, long rows, long elapsedMillis) {
        /** Text read per second, in MB (10^6 bytes), scan and import together. */
        public double megabytesPerSecond() {
            return elapsedMillis <= 0 ? 0 : bytes / 1e6 / (elapsedMillis / 1000.0);
        }
    }

    /** Told as reading goes: bytes of the files read so far (each file is read twice) out of {@code total}. */
    public interface Progress {
        void update(long done, long total, int samples);
    }

    private final Store store;
    private final Options options;
    private final Progress progress;
    private long progressBase;
    private long progressTotal;
    private int samplesWritten;

    private CaptureImport(Store store, Options options, Progress progress) {
        this.store = store;
        this.options = options;
        this.progress = progress;
    }

    /** A file to import: its path and the name it is reported under ({@code -} is standard input, spooled). */
    public record Source(Path path, String name, long modifiedMillis) {
    }

    /** Turns the command line's names into sources, spooling standard input to a temporary file. */
    public static List<Source> sources(List<String> names, InputStream stdin) {
        List<Source> out = new ArrayList<>();
        for (String n : names) {
            if (n.equals("-")) {
                try {
                    Path tmp = Files.createTempFile("sexton-stdin", ".capture");
                    tmp.toFile().deleteOnExit();
                    Files.copy(stdin, tmp, StandardCopyOption.REPLACE_EXISTING);
                    out.add(new Source(tmp, "(stdin)", System.currentTimeMillis()));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read standard input: " + CaptureInput.reason(e));
                }
                continue;
            }
            Path p = Path.of(n);
            if (!Files.exists(p)) throw new IllegalArgumentException(n + ": no such file");
            if (Files.isDirectory(p)) throw new IllegalArgumentException(n + ": is a directory, not a capture file");
            if (!Files.isReadable(p)) throw new IllegalArgumentException(n + ": permission denied");
            try {
                out.add(new Source(p, n, Files.getLastModifiedTime(p).toMillis()));
            } catch (IOException e) {
                throw new IllegalArgumentException(n + ": " + CaptureInput.reason(e));
            }
        }
        return out;
    }

    /** The host name a capture is stored under when none is given: its file name without extensions. */
    public static String defaultHost(List<Source> sources) {
        String name = sources.get(0).name();
        if (name.equals("(stdin)")) return "capture";
        String base = Path.of(name).getFileName().toString();
        for (String ext : new String[] {".gz", ".xz", ".txt", ".log", ".out"}) {
            if (base.endsWith(ext) && base.length() > ext.length()) base = base.substring(0, base.length() - ext.length());
        }
        return base;
    }

    public static Summary run(Store store, List<Source> sources, Options options, Progress progress) {
        return new CaptureImport(store, options, progress).run(sources);
    }

    private Summary run(List<Source> sources) {
        long started = System.nanoTime();
        for (Source s : sources) {
            try {
                progressTotal += 2 * Files.size(s.path());
            } catch (IOException e) {
                throw new IllegalArgumentException(s.name() + ": " + CaptureInput.reason(e));
            }
        }
        List<String> notes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> already = new ArrayList<>();
        long bytes = 0;
        long rows = 0;
        int samples = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        ProcessIdentities identities;
        try (CaptureWriter writer = store.importCapture(new HostInfo(options.host(), HZ, 4096))) {
            identities = new ProcessIdentities(writer.firstFreeSerial());
            long previousLast = Long.MIN_VALUE;
            for (Source s : sources) {
                CaptureScan.Result scan = scan(s);
                long fileBytes = s.path().toFile().length();
                progressBase += fileBytes;
                if (progress != null) progress.update(progressBase, progressTotal, samplesWritten);
                Optional<CaptureRecord> before = store.capture(options.host(), scan.sha256());
                if (before.isPresent() || hashes.contains(scan.sha256())) {
                    already.add(s.name() + " (imported " + (before.isPresent()
                            ? Instant.ofEpochMilli(before.get().importedMillis()) : "just now, as another file") + ")");
                    progressBase += fileBytes;
                    continue;
                }
                hashes.add(scan.sha256());
                long base = scan.firstDate() != DateLine.NONE
                        ? scan.firstDate() - (long) scan.samplesBeforeFirstDate() * options.intervalMillis()
                        : options.startMillis() != null ? options.startMillis()
                        : s.modifiedMillis() - (long) scan.samples() * options.intervalMillis();
                if (base <= previousLast) {
                    writer.endSegment(); // this file does not follow on from the previous one
                    identities.clear();
                }
                Written w = write(s, base, writer, identities, skipped);
                if (w.truncated != null) notes.add(w.truncated);
                if (w.samples == 0) {
                    notes.add(s.name() + ": no samples (no free, ps or top block)");
                } else {
                    previousLast = w.last;
                    writer.recordCapture(scan.sha256(), s.name(), w.samples, w.first, w.last);
                }
                samples += w.samples;
                rows += w.rows;
                bytes += scan.bytes();
                if (w.samples > 0) {
                    first = Math.min(first, w.first);
                    last = Math.max(last, w.last);
                }
                progressBase += fileBytes;
            }
            writer.commit();
        }
        double interval = samples > 1 ? (last - first) / 1000.0 / (samples - 1) : options.intervalMillis() / 1000.0;
        return new Summary(options.host(), samples, identities.created(), samples == 0 ? 0 : first, samples == 0 ? 0 : last,
                interval, skipped, identities.zombies(), notes, already, bytes, rows, (System.nanoTime() - started) / 1_000_000);
    }

    private final List<String> hashes = new ArrayList<>();

    /** Hashes the file; counts its samples only when nothing else can place the first one in time. */
    private CaptureScan.Result scan(Source s) {
        try {
            boolean count = options.startMillis() == null;
            if (count) {
                try (CaptureInput.Counting raw = CaptureInput.raw(s.path());
                     InputStream text = CaptureInput.open(raw, s.name())) {
                    count = !CaptureScan.startsWithDate(text, options.zone());
                }
            }
            try (CaptureInput.Counting raw = CaptureInput.raw(s.path());
                 InputStream text = CaptureInput.open(raw, s.name())) {
                return CaptureScan.scan(text, options.zone(), count);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(s.name() + ": " + CaptureInput.reason(e));
        }
    }

    private long onNearestDay(int secondOfDay, long expected) {
        LocalDate day = Instant.ofEpochMilli(expected).atZone(options.zone()).toLocalDate();
        long best = Long.MIN_VALUE;
        for (int d = -1; d <= 1; d++) {
            long t = day.plusDays(d).atStartOfDay(options.zone()).plusSeconds(secondOfDay).toInstant().toEpochMilli();
            if (best == Long.MIN_VALUE || Math.abs(t - expected) < Math.abs(best - expected)) best = t;
        }
        return best;
    }

    // ------------------------------------------------------------------ pass 2

    private record Written(int samples, long first, long last, long rows, String truncated) {
    }

    /**
     * Reads the file and writes its samples. A date line gives its sample's time; a sample without
     * one follows the previous at the interval; a {@code top} clock (time of day) places its sample
     * on the day nearest to where the interval puts it. The first sample without a date is at
     * {@code base}. Times must increase.
     */
    private Written write(Source s, long base, CaptureWriter writer, ProcessIdentities identities, List<String> skipped) {
        CaptureReader reader = new CaptureReader(s.name(), options.zone(), options.lenient(), true);
        long interval = options.intervalMillis();
        // Two threads, because this machine has two cores: this one parses, the other writes.
        Pipeline pipe = new Pipeline(writer);
        pipe.start();
        long[] unit = {options.freeUnitBytes()};
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        int[] written = {0};
        long[] rows = {0};
        try (CaptureInput.Counting raw = CaptureInput.raw(s.path());
             LineReader lines = new LineReader(CaptureInput.open(raw, s.name()))) {
            reader.read(lines, sample -> {
                long prev = span[1];
                long expected = prev == Long.MIN_VALUE ? base + (long) sample.index() * interval : prev + interval;
                long t = sample.dateMillis() != DateLine.NONE ? sample.dateMillis()
                        : sample.top() != null && sample.top().secondOfDay >= 0 ? onNearestDay(sample.top().secondOfDay, expected)
                        : expected;
                if (t <= prev) {
                    String why = "time goes backwards: " + Instant.ofEpochMilli(t) + " comes after " + Instant.ofEpochMilli(prev)
                            + " (a date line out of order?)";
                    if (!options.lenient()) throw new CaptureFormatException(s.name(), sample.firstLine(), why);
                    skipped.add(s.name() + ":" + sample.firstLine() + ": " + why);
                    return;
                }
                if (sample.free() != null && unit[0] == 0) unit[0] = freeUnit(sample);
                pipe.put(snapshot(t, sample, unit[0], identities));
                rows[0] += sample.hasTable() ? sample.rows().size() : 0;
                written[0]++;
                samplesWritten++;
                span[0] = Math.min(span[0], t);
                span[1] = t;
                if (progress != null && written[0] % 64 == 0) progress.update(progressBase + raw.count(), progressTotal, samplesWritten);
            });
            pipe.finish();
        } catch (IOException e) {
            pipe.abandon();
            throw new IllegalArgumentException(s.name() + ": " + CaptureInput.reason(e));
        } catch (RuntimeException | Error e) {
            pipe.abandon();
            throw e;
        }
        skipped.addAll(reader.skipped());
        return new Written(written[0], span[0], span[1], rows[0], reader.truncated());
    }

    /** Hands snapshots to a writing thread through a short queue; the writer's failure comes back here. */
    private static final class Pipeline {
        private static final Snapshot END = new Snapshot(0, UNKNOWN_MEMORY, new KernelStats(CpuTimes.ZERO, 0, 0, 0, 0),
                sexton.model.LoadAverage.ZERO, 0, 0, List.of(), SnapshotStats.NONE);
        private final java.util.concurrent.BlockingQueue<Snapshot> queue = new java.util.concurrent.ArrayBlockingQueue<>(8);
        private final Thread thread;
        private volatile Throwable failure;

        Pipeline(CaptureWriter writer) {
            thread = new Thread(() -> {
                try {
                    while (true) {
                        Snapshot s = queue.take();
                        if (s == END) return;
                        writer.write(s);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable t) {
                    failure = t;
                    queue.clear();
                }
            }, "capture-writer");
            thread.setDaemon(true);
        }

        void start() { thread.start(); }

        void put(Snapshot s) {
            try {
                while (!queue.offer(s, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) rethrow();
                rethrow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("import interrupted");
            }
        }

        void finish() {
            put(END);
            join();
            rethrow();
        }

        void abandon() {
            thread.interrupt();
            join();
        }

        private void join() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void rethrow() {
            Throwable t = failure;
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        }
    }

    /**
     * The unit of bare numbers in this file's free blocks: an echoed {@code free -m} says; else the
     * sample's ps rows do (RSS × 100 / %MEM of the biggest process is MemTotal in KiB); else KiB, as
     * {@code free} prints by default, unless that would make the host smaller than 32 MiB.
     */
    static long freeUnit(CaptureSample sample) {
        if (sample.freeUnitHint() > 0) return sample.freeUnitHint();
        long printed = sample.free().totalAsPrinted();
        if (sample.hasTable() && printed > 0) {
            PsRow biggest = null;
            for (PsRow r : sample.rows()) {
                if (r.rssKib() > 0 && r.memPct() >= 1.0 && (biggest == null || r.rssKib() > biggest.rssKib())) biggest = r;
            }
            if (biggest != null) {
                double impliedKib = biggest.rssKib() * 100.0 / biggest.memPct();
                long best = 1024;
                double bestErr = Double.MAX_VALUE;
                for (long u : new long[] {1, 1024, 1024L * 1024, 1024L * 1024 * 1024}) {
                    double err = Math.abs(Math.log(printed * (double) u / 1024 / impliedKib));
                    if (err < bestErr) {
                        bestErr = err;
                        best = u;
                    }
                }
                if (bestErr < Math.log(1.5)) return best;
            }
        }
        if (printed < 32 * 1024) return printed >= 64 ? 1024L * 1024 : 1024L * 1024 * 1024;
        return 1024;
    }

    private static Snapshot snapshot(long t, CaptureSample s, long unit, ProcessIdentities identities) {
        SystemMemory memory = s.free() != null ? s.free().memory(unit)
                : s.top() != null && s.top().haveMem ? s.top().memory() : UNKNOWN_MEMORY;
        List<ProcessSample> out = List.of();
        int running = 0;
        int blocked = 0;
        if (s.hasTable()) {
            identities.beginTable();
            List<ProcessSample> list = new ArrayList<>(s.rows().size());
            boolean top = s.top() != null;
            int lastPid = Integer.MIN_VALUE;
            for (PsRow r : s.rows()) {
                if (r.pid() == lastPid) { // another thread of the process above (ps -L lists them together)
                    ProcessSample p = list.get(list.size() - 1);
                    if (r.threads() < 0) list.set(list.size() - 1, withThreads(p, p.numThreads() + 1));
                    continue;
                }
                lastPid = r.pid();
                String command = r.command() == null ? "?" : r.command();
                if (r.zombie() && command.endsWith(" <defunct>")) command = command.substring(0, command.length() - 10);
                ProcessKey key = identities.key(r.pid(), command, r.zombie());
                ProcState state = ProcState.of(r.state());
                if (state == ProcState.RUNNING) running++;
                if (state == ProcState.DISK_SLEEP) blocked++;
                // ps prints %CPU over the whole life of a process; from TIME the interval's CPU is derived
                // instead. top's %CPU is already over its interval.
                double cpu = top || r.cpuSeconds() < 0 ? r.cpuPct() : Double.NaN;
                ProcessStatus status = r.uid() < 0 ? ProcessStatus.UNKNOWN : new ProcessStatus(r.uid(), -1, -1, -1, -1, -1);
                list.add(new ProcessSample(key, Math.max(r.ppid(), -1), 0, 0, 0, state,
                        r.cpuSeconds() < 0 ? 0 : r.cpuSeconds() * HZ, 0, r.threads() > 0 ? r.threads() : 1,
                        r.vszKib(), r.rssKib(), r.wchan(), cpu, r.memPct(), r.user(),
                        identities.info(), status));
            }
            identities.endTable();
            out = list;
        }
        KernelStats kernel = new KernelStats(CpuTimes.ZERO, 0, 0, running, blocked);
        return new Snapshot(t, memory, kernel, s.load(), 0, 0, out, SnapshotStats.NONE);
    }

    private static ProcessSample withThreads(ProcessSample p, int threads) {
        return new ProcessSample(p.key(), p.ppid(), p.pgrp(), p.session(), p.ttyNr(), p.state(), p.utimeTicks(),
                p.stimeTicks(), threads, p.vsizeKib(), p.rssKib(), p.wchan(), p.cpuPct(), p.memPct(), p.user(), p.info(),
                p.status());
    }

    /** The program name ps would show as comm: {@code [kthreadd]} → kthreadd, {@code /usr/bin/perl x} → perl. */
    public static String commOf(String command) {
        if (command.startsWith("[")) {
            int end = command.indexOf(']');
            return end > 1 ? command.substring(1, end) : command;
        }
        int sp = command.indexOf(' ');
        String first = sp < 0 ? command : command.substring(0, sp);
        int slash = first.lastIndexOf('/');
        String base = slash >= 0 && slash < first.length() - 1 ? first.substring(slash + 1) : first;
        return base.endsWith(":") ? base.substring(0, base.length() - 1) : base;
    }
}
