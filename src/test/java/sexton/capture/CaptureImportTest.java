package sexton.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import sexton.model.ProcState;
import sexton.model.ProcessSample;
import sexton.model.Snapshot;
import sexton.model.SystemMemory;
import sexton.store.HostRow;
import sexton.store.ProcessSeries;
import sexton.store.Store;

/** Captures through the whole import into a real store and back out. */
class CaptureImportTest {
    @TempDir
    Path dir;

    private static final long T0 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();

    static String fixture(String name) throws IOException {
        try (var in = CaptureImportTest.class.getResourceAsStream("/capture/" + name)) {
            if (in == null) throw new IOException("no fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private CaptureImport.Options options(String host) {
        return new CaptureImport.Options(host, T0, 10_000, false, ZoneOffset.UTC, 0);
    }

    private CaptureImport.Summary importFiles(Store store, CaptureImport.Options o, Path... files) {
        List<CaptureImport.Source> sources = new ArrayList<>();
        for (Path f : files) sources.addAll(CaptureImport.sources(List.of(f.toString()), System.in));
        return CaptureImport.run(store, sources, o, null);
    }

    private Store store() {
        return Store.open(dir.resolve("s.db"));
    }

    private static ProcessSample pid(Snapshot s, int pid) {
        return s.processes().stream().filter(p -> p.pid() == pid).findFirst().orElseThrow(() -> new AssertionError("no pid " + pid));
    }

    // ------------------------------------------------------------------ free, every format

    private SystemMemory freeOf(String fixture, long unit) throws IOException {
        try (Store store = store()) {
            String host = fixture.replace('.', '_');
            importFiles(store, new CaptureImport.Options(host, T0, 10_000, false, ZoneOffset.UTC, unit),
                    write(fixture, fixture(fixture)));
            HostRow h = store.host(host).orElseThrow();
            return store.snapshotAt(h.id(), Long.MAX_VALUE).orElseThrow().memory();
        }
    }

    @Test
    void procps32FreeMinusOAndWithBuffersCacheLine() throws IOException {
        for (String f : List.of("free-3.2-o.txt", "free-3.2.txt")) {
            SystemMemory m = freeOf(f, 0);
            assertThat(m.totalKib()).as(f).isEqualTo(2059280);
            assertThat(m.freeKib()).isEqualTo(91428);
            assertThat(m.buffersKib()).isEqualTo(112996);
            assertThat(m.cachedKib()).isEqualTo(834104);
            assertThat(m.availableKib()).as("free -o has no available column").isEqualTo(-1);
            assertThat(m.swapTotalKib()).isEqualTo(4192956);
            assertThat(m.swapUsedKib()).isEqualTo(131504);
            // the HOWTO's "Memory Used - Buffered - Cached" is the -/+ buffers/cache used figure
            assertThat(m.usedMinusBuffersCachedKib()).isEqualTo(1020752);
        }
    }

    @Test
    void procpsNgFreeInEveryUnit() throws IOException {
        SystemMemory kib = freeOf("free-ng.txt", 0);
        assertThat(kib.totalKib()).isEqualTo(24683656);
        assertThat(kib.availableKib()).isEqualTo(24109788);
        assertThat(kib.usedKib()).as("ng used = total - free - buff/cache").isEqualTo(24683656 - 24086336 - 293460);
        assertThat(freeOf("free-ng-wide.txt", 0).buffersKib()).isEqualTo(3436);
        assertThat(freeOf("free-ng-wide.txt", 0).cachedKib()).isEqualTo(290024);
        assertThat(freeOf("free-ng-m.txt", 1024 * 1024).totalKib()).isEqualTo(24105L * 1024);
        assertThat(freeOf("free-ng-g.txt", 1024L * 1024 * 1024).totalKib()).isEqualTo(23L * 1024 * 1024);
        SystemMemory h = freeOf("free-ng-h.txt", 0);
        assertThat(h.totalKib()).isEqualTo(23L * 1024 * 1024);
        assertThat(h.shmemKib()).isEqualTo(Math.round(8.7 * 1024));
        assertThat(h.swapTotalKib()).isZero();
        SystemMemory oldH = freeOf("free-3.3-h.txt", 0);
        assertThat(oldH.totalKib()).isEqualTo(Math.round(7.7 * 1024 * 1024));
        assertThat(oldH.freeKib()).isEqualTo(272L * 1024);
    }

    @Test
    void freeUnitIsToldByAnEchoedCommandOrByPsPercentages() throws IOException {
        // "free -m" echoed before the block says MiB
        String echoed = "$ free -m\n" + fixture("free-3.3-m.txt") + "$ ps -eo pid,ppid,rss,vsize,pcpu,pmem,cmd\n"
                + "  PID  PPID   RSS    VSZ %CPU %MEM CMD\n    1     0  4000  9000  0.0  0.0 /sbin/init\n";
        try (Store store = store()) {
            importFiles(store, options("echoed"), write("echoed.txt", echoed));
            assertThat(store.snapshotAt(store.host("echoed").get().id(), Long.MAX_VALUE).get().memory().totalKib())
                    .isEqualTo(7872L * 1024);
        }
        // no echo: a process with 806 MB RSS at 10.0 %MEM means MemTotal is about 7.9 GiB, so the block is in MiB
        String byPs = fixture("free-3.3-m.txt") + "  PID  PPID   RSS    VSZ %CPU %MEM CMD\n"
                + "  900     1 806000 900000  1.0 10.0 /usr/bin/java -jar app.jar\n";
        try (Store store = store()) {
            importFiles(store, options("byps"), write("byps.txt", byPs));
            assertThat(store.snapshotAt(store.host("byps").get().id(), Long.MAX_VALUE).get().memory().totalKib())
                    .isEqualTo(7872L * 1024);
        }
        assertThat(CaptureReader.freeUnit("free -g -s 10")).isEqualTo(1024L * 1024 * 1024);
        assertThat(CaptureReader.freeUnit("free -o")).isEqualTo(1024);
        assertThat(CaptureReader.freeUnit("free --mebi")).isEqualTo(1024L * 1024);
        assertThat(CaptureReader.freeUnit("free -b")).isEqualTo(1);
        assertThat(CaptureReader.freeUnit("free -h")).isZero();
    }

    // ------------------------------------------------------------------ ps, any layout

    @Test
    void everyPsLayoutFromThisMachineImports() throws IOException {
        for (String f : List.of("ps-howto.txt", "ps-ef.txt", "ps-elf.txt", "ps-aux.txt", "ps-eLf.txt")) {
            String text = fixture(f);
            long rows = text.lines().skip(1).filter(l -> !l.isBlank()).count();
            try (Store store = store()) {
                String host = f.replace(".txt", "");
                CaptureImport.Summary s = importFiles(store, options(host), write(f, text));
                assertThat(s.samples()).as(f).isEqualTo(1);
                Snapshot snap = store.snapshotAt(store.host(host).get().id(), Long.MAX_VALUE).orElseThrow();
                ProcessSample init = pid(snap, 1);
                assertThat(init.info().command()).as(f).startsWith("/process_api");
                if (!f.equals("ps-aux.txt")) assertThat(init.ppid()).as(f).isZero();
                else assertThat(init.ppid()).as("ps aux has no PPID").isEqualTo(-1);
                if (f.equals("ps-eLf.txt")) {
                    assertThat(snap.processes().size()).as("threads folded into processes").isLessThan((int) rows);
                    assertThat(init.numThreads()).as("NLWP").isEqualTo(13);
                } else {
                    assertThat(snap.processes()).as(f).hasSize((int) rows);
                }
                if (f.equals("ps-aux.txt") || f.equals("ps-howto.txt")) assertThat(init.rssKib()).isEqualTo(10048);
                if (f.equals("ps-aux.txt")) {
                    assertThat(init.user()).isEqualTo("root");
                    assertThat(init.state()).isEqualTo(ProcState.SLEEPING);
                    assertThat(init.vsizeKib()).isEqualTo(39408);
                }
                if (f.equals("ps-elf.txt")) assertThat(init.state()).isEqualTo(ProcState.SLEEPING);
                if (f.equals("ps-ef.txt")) {
                    assertThat(init.rssKib()).as("ps -ef has no RSS").isEqualTo(-1);
                    assertThat(init.utimeTicks()).as("TIME 00:00:30").isEqualTo(30 * CaptureImport.HZ);
                }
                assertThat(pid(snap, 2).info().command()).isEqualTo("[kthreadd]");
                assertThat(pid(snap, 2).info().comm()).isEqualTo("kthreadd");
            }
        }
    }

    @Test
    void psColumnsInAnyOrderWithCommandLast() throws IOException {
        String text = "  UID   PID  PPID    VSZ   RSS S WCHAN  %MEM %CPU     TIME COMMAND\n"
                + "    0     1     0  39408 10048 S -       0.0  0.2 00:00:30 /sbin/init splash\n"
                + " 1000   777     1 123456 65432 D io_sch  0.3  1.5 01:02:03 /usr/bin/rsync -a /src /dst\n";
        try (Store store = store()) {
            importFiles(store, options("order"), write("order.txt", text));
            Snapshot s = store.snapshotAt(store.host("order").get().id(), Long.MAX_VALUE).get();
            ProcessSample r = pid(s, 777);
            assertThat(r.state()).isEqualTo(ProcState.DISK_SLEEP);
            assertThat(r.wchan()).isEqualTo("io_sch");
            assertThat(r.status().uid()).isEqualTo(1000);
            assertThat(r.rssKib()).isEqualTo(65432);
            assertThat(r.vsizeKib()).isEqualTo(123456);
            assertThat(r.utimeTicks()).isEqualTo((3600 + 2 * 60 + 3) * CaptureImport.HZ);
            assertThat(r.info().command()).isEqualTo("/usr/bin/rsync -a /src /dst");
            assertThat(r.info().comm()).isEqualTo("rsync");
            assertThat(r.memPct()).isEqualTo(0.3);
        }
    }

    // ------------------------------------------------------------------ top -b

    @Test
    void topBatchesInThreeProcpsLayouts() throws IOException {
        try (Store store = store()) {
            CaptureImport.Summary s = importFiles(store, options("top32"), write("top-3.2.txt", fixture("top-3.2.txt")));
            assertThat(s.samples()).isEqualTo(2);
            assertThat(s.lastMillis() - s.firstMillis()).as("top clocks 10:15:01 and 10:15:04").isEqualTo(3000);
            Snapshot last = store.snapshotAt(store.host("top32").get().id(), Long.MAX_VALUE).get();
            assertThat(last.memory().totalKib()).isEqualTo(2059280);
            assertThat(last.memory().buffersKib()).isEqualTo(112996);
            assertThat(last.memory().cachedKib()).isEqualTo(834110);
            assertThat(last.memory().swapUsedKib()).isEqualTo(131504);
            assertThat(last.load().load1()).isEqualTo(0.14);
            assertThat(pid(last, 3122).rssKib()).isEqualTo(168L * 1024);
            assertThat(pid(last, 3122).vsizeKib()).isEqualTo(402L * 1024);
            assertThat(pid(last, 4411).isZombie()).isTrue();
            assertThat(s.zombies()).isEqualTo(1);
        }
        try (Store store = store()) {
            CaptureImport.Summary s = importFiles(store, options("top33"), write("top-3.3.txt", fixture("top-3.3.txt")));
            assertThat(s.samples()).isEqualTo(2);
            assertThat(s.lastMillis() - s.firstMillis()).as("23:59:58 to 00:00:08 crosses midnight").isEqualTo(10_000);
            Snapshot last = store.snapshotAt(store.host("top33").get().id(), Long.MAX_VALUE).get();
            assertThat(last.memory().totalKib()).isEqualTo(8061144);
            assertThat(last.memory().cachedKib()).isEqualTo(3492200);
            assertThat(pid(last, 1234).cpuPct()).as("top's %CPU is over its interval: kept").isEqualTo(2.0);
        }
        try (Store store = store()) {
            CaptureImport.Summary s = importFiles(store, options("topng"), write("top-ng.txt", fixture("top-ng.txt")));
            assertThat(s.samples()).as("top -b -n 2 on this machine").isEqualTo(2);
            assertThat(s.lastMillis() - s.firstMillis()).isEqualTo(1000);
            Snapshot last = store.snapshotAt(store.host("topng").get().id(), s.firstMillis()).get();
            assertThat(last.memory().totalKib()).isEqualTo(Math.round(24105.1 * 1024));
            assertThat(last.memory().availableKib()).isEqualTo(Math.round(23521.5 * 1024));
            assertThat(pid(last, 14531).rssKib()).isEqualTo(132124);
        }
    }

    // ------------------------------------------------------------------ the HOWTO loop

    /** One iteration of the HOWTO's loop: free -o then ps -eo pid,ppid,rss,vsize,pcpu,pmem,cmd. */
    static String howtoSample(long freeKib, String... rows) {
        StringBuilder b = new StringBuilder();
        b.append("             total       used       free     shared    buffers     cached\n");
        b.append(String.format("Mem:       2059280 %10d %10d          0     112996     834104%n", 2059280 - freeKib, freeKib));
        b.append("Swap:      4192956     131504    4061452\n");
        b.append("  PID  PPID   RSS    VSZ %CPU %MEM CMD\n");
        for (String r : rows) b.append(r).append('\n');
        return b.toString();
    }

    @Test
    void howtoLoopWithoutDatesIsPlacedBeforeTheFilesModificationTime() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            text.append(howtoSample(91428 - i, "    1     0   680  10368  0.0  0.0 init [3]",
                    String.format(" 3122     1 %5d 410624  1.0  8.3 /usr/libexec/mysqld --basedir=/usr", 170000 + i * 100)));
        }
        Path f = write("howto.txt", text.toString());
        long mtime = Instant.parse("2026-11-21T12:00:00Z").toEpochMilli();
        Files.setLastModifiedTime(f, FileTime.fromMillis(mtime));
        try (Store store = store()) {
            CaptureImport.Summary s = importFiles(store, new CaptureImport.Options("h", null, 10_000, false, ZoneOffset.UTC, 0), f);
            assertThat(s.samples()).isEqualTo(6);
            assertThat(s.processes()).isEqualTo(2);
            assertThat(s.firstMillis()).as("mtime - samples x interval").isEqualTo(mtime - 6 * 10_000);
            assertThat(s.lastMillis()).isEqualTo(mtime - 10_000);
            List<ProcessSeries> series = store.series(store.host("h").get().id(), 0, Long.MAX_VALUE);
            ProcessSeries mysql = series.stream().filter(p -> p.key().pid() == 3122).findFirst().orElseThrow();
            assertThat(mysql.samples()).hasSize(6);
            assertThat(mysql.samples().get(5).rssKib()).isEqualTo(170500);
        }
        // --start places it instead
        try (Store store = Store.open(dir.resolve("t.db"))) {
            CaptureImport.Summary s = importFiles(store, options("h"), f);
            assertThat(s.firstMillis()).isEqualTo(T0);
            assertThat(s.lastMillis()).isEqualTo(T0 + 50_000);
        }
    }

    @Test
    void dateLinesGiveEachSampleItsTimeInEveryForm() throws IOException {
        String[] dates = {"Fri Nov 20 10:00:00 UTC 2026", "Fri 20 Nov 2026 10:00:10 AM UTC", "2026-11-20T10:00:20+00:00",
                "@1795168830", "2026-11-20 10:00:40", "Fri, 20 Nov 2026 11:00:50 +0100"};
        StringBuilder text = new StringBuilder();
        for (String d : dates) text.append(d).append('\n').append(howtoSample(91428, "    1     0   680  10368  0.0  0.0 init"));
        try (Store store = store()) {
            CaptureImport.Summary s = importFiles(store, new CaptureImport.Options("d", null, 10_000, false, ZoneOffset.UTC, 0),
                    write("dated.txt", text.toString()));
            assertThat(s.samples()).isEqualTo(6);
            assertThat(s.firstMillis()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z").toEpochMilli());
            assertThat(s.lastMillis()).isEqualTo(Instant.parse("2026-11-20T10:00:50Z").toEpochMilli());
            ProcessSeries init = store.series(store.host("d").get().id(), 0, Long.MAX_VALUE).get(0);
            assertThat(init.times()).containsExactly(T0, T0 + 10_000, T0 + 20_000, T0 + 30_000, T0 + 40_000, T0 + 50_000);
        }
    }

    // ------------------------------------------------------------------ identity

    @Test
    void pidReuseByAnotherProgramIsAnotherProcess() throws IOException {
        String text = howtoSample(1000, "  500     1  1000  5000  0.0  0.0 /usr/bin/perl leak.pl")
                + howtoSample(1000, "  500     1  1100  5000  0.0  0.0 /usr/bin/perl leak.pl")
                // pid 500 now runs another program, bigger
                + howtoSample(1000, "  500     1 90000 95000  0.0  4.0 /usr/bin/java -jar big.jar")
                // pid 500 gone for one sample, then back with the same command: still a new process
                + howtoSample(1000, "    1     0   680  10368  0.0  0.0 init")
                + howtoSample(1000, "  500     1 90000 95000  0.0  4.0 /usr/bin/java -jar big.jar");
        try (Store store = store()) {
            CaptureImport.Summary s = importFiles(store, options("reuse"), write("reuse.txt", text));
            List<ProcessSeries> at500 = store.series(store.host("reuse").get().id(), 0, Long.MAX_VALUE).stream()
                    .filter(p -> p.key().pid() == 500).toList();
            assertThat(at500).hasSize(3);
            assertThat(at500.get(0).samples()).extracting(ProcessSample::rssKib).containsExactly(1000L, 1100L);
            assertThat(at500.get(0).info().command()).isEqualTo("/usr/bin/perl leak.pl");
            assertThat(at500.get(1).samples()).hasSize(1);
            assertThat(at500.get(2).samples()).hasSize(1);
            assertThat(at500).extracting(p -> p.key().startTicks()).doesNotHaveDuplicates();
            assertThat(s.processes()).isEqualTo(4);
        }
    }

    @Test
    void zombiesAreRecognisedByDefunctWithoutAStateColumn() throws IOException {
        String text = howtoSample(1000, " 2000     1  9000 20000  0.0  0.4 /usr/sbin/cimserver",
                " 2001  2000  3000  8000  0.0  0.1 /usr/sbin/cimservera")
                + howtoSample(1000, " 2000     1  9000 20000  0.0  0.4 /usr/sbin/cimserver",
                " 2001  2000     0     0  0.0  0.0 [cimservera] <defunct>",
                " 2002  2000     0     0  0.0  0.0 [cimservera] <defunct>");
        try (Store store = store()) {
            CaptureImport.Summary s = importFiles(store, options("z"), write("z.txt", text));
            assertThat(s.zombies()).isEqualTo(2);
            assertThat(s.processes()).as("2001 became a zombie: still one process").isEqualTo(3);
            Snapshot last = store.snapshotAt(store.host("z").get().id(), Long.MAX_VALUE).get();
            assertThat(last.zombieCount()).isEqualTo(2);
            assertThat(pid(last, 2001).state()).isEqualTo(ProcState.ZOMBIE);
            assertThat(pid(last, 2001).info().comm()).isEqualTo("cimservera");
            assertThat(pid(last, 2002).info().command()).isEqualTo("[cimservera]");
            assertThat(pid(last, 2001).ppid()).isEqualTo(2000);
        }
    }

    // ------------------------------------------------------------------ files, atomicity, duplicates

    @Test
    void gzipXzAndStandardInputReadTheSame() throws IOException {
        String text = fixture("free-ng.txt") + fixture("ps-howto.txt");
        Path gz = dir.resolve("cap.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Path xz = dir.resolve("cap.xz");
        try (OutputStream o = new XZOutputStream(Files.newOutputStream(xz), new LZMA2Options())) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
        try (Store store = store()) {
            CaptureImport.Summary a = CaptureImport.run(store, CaptureImport.sources(List.of(gz.toString()), System.in),
                    options("gz"), null);
            CaptureImport.Summary b = CaptureImport.run(store, CaptureImport.sources(List.of(xz.toString()), System.in),
                    options("xz"), null);
            CaptureImport.Summary c = CaptureImport.run(store,
                    CaptureImport.sources(List.of("-"), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))),
                    options("in"), null);
            for (CaptureImport.Summary s : List.of(a, b, c)) {
                assertThat(s.samples()).isEqualTo(1);
                assertThat(s.processes()).isEqualTo(a.processes()).isGreaterThan(10);
            }
            // the same text under the same host, whatever its packaging, is already there
            CaptureImport.Summary again = CaptureImport.run(store, CaptureImport.sources(List.of(xz.toString()), System.in),
                    options("gz"), null);
            assertThat(again.samples()).isZero();
            assertThat(again.alreadyImported()).hasSize(1);
        }
    }

    @Test
    void importingTheSameFileTwiceAddsNothing() throws Exception {
        Path f = write("twice.txt", howtoSample(1000, "    1     0   680  10368  0.0  0.0 init")
                + howtoSample(1000, "    1     0   680  10368  0.0  0.0 init"));
        try (Store store = store()) {
            assertThat(importFiles(store, options("t"), f).samples()).isEqualTo(2);
            CaptureImport.Summary again = importFiles(store, options("t"), f);
            assertThat(again.samples()).isZero();
            assertThat(again.alreadyImported()).singleElement().asString().contains("twice.txt");
            assertThat(store.snapshotCount(store.host("t").get().id())).isEqualTo(2);
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
            assertThat(store.capture("t", HexFormat.of().formatHex(sha))).isPresent();
        }
    }

    @Test
    void aTruncatedLastBlockIsLeftOutAndNoted() throws IOException {
        String whole = howtoSample(1000, "    1     0   680  10368  0.0  0.0 init", "  200     1  5000 20000  0.0  0.2 /usr/bin/app");
        String cut = whole + whole.substring(0, whole.length() - 34); // cut inside the last row's numbers, no newline
        try (Store store = store()) {
            CaptureImport.Summary s = importFiles(store, options("cut"), write("cut.txt", cut));
            assertThat(s.samples()).isEqualTo(1);
            assertThat(s.notes()).singleElement().asString().contains("cut short");
        }
        String endsInFree = whole + "             total       used       free     shared    buffers     cached\n";
        try (Store store = store()) {
            CaptureImport.Summary s = importFiles(store, options("cut2"), write("cut2.txt", endsInFree));
            assertThat(s.samples()).isEqualTo(1);
            assertThat(s.notes()).singleElement().asString().contains("ends inside a block");
        }
    }

    /** Each malformed capture: the error names file and line and what was expected; the store does not change. */
    @Test
    void malformedCapturesAreRefusedAndLeaveTheStoreAsItWas() throws Exception {
        String good = howtoSample(1000, "    1     0   680  10368  0.0  0.0 init");
        String[][] cases = {
                {"a line of no known layout", good + "\nhello world\n" + good, ":7:", "fits no known layout"},
                {"a stray line under a table", good + "hello world\n" + good, ":6:", "ps row has 2 fields"},
                {"a row with too few fields for its header", good + "             total       used       free     shared    buffers     cached\n"
                        + "Mem:       2059280    1967852      91428          0     112996     834104\n"
                        + "  PID  PPID   RSS    VSZ %CPU %MEM CMD\n   12    1  300\n" + good, ":9:", "fields where the header"},
                {"a number that is not a number", good.replace("  680  10368", "  6x0  10368"), ":5:", "expected a size in KiB"},
                {"a free row that does not match its header", good.replace("834104", "834104 77"), ":2:", "its header has 6 columns"},
                {"an unknown free column", good.replace(" cached", " fancy"), ":1:", "not one free prints"},
                {"a bad CPU time", "  PID   TIME CMD\n    1  1:x:3 init\n", ":2:", "a CPU time"},
                {"a command before other columns", "  PID CMD   RSS\n    1 init 300\n", ":1:", "command must be the last column"},
                {"dates that go backwards", "2026-11-20 10:00:10\n" + good + "2026-11-20 10:00:00\n" + good, ":7:", "time goes backwards"},
        };
        Path db = dir.resolve("m.db");
        try (Store store = Store.open(db)) {
            importFiles(store, options("m"), write("first.txt", good));
        }
        String before = contents(db);
        for (String[] c : cases) {
            Path f = write("bad.txt", c[1]);
            try (Store store = Store.open(db)) {
                // a day later than the first import, so that only the malformed line can fail it
                CaptureImport.Options later = new CaptureImport.Options("m", T0 + 86_400_000L, 10_000, false, ZoneOffset.UTC, 0);
                assertThatThrownBy(() -> importFiles(store, later, f)).as(c[0])
                        .isInstanceOf(CaptureFormatException.class)
                        .hasMessageContaining("bad.txt" + c[2]).hasMessageContaining(c[3]);
                assertThat(store.snapshotCount(store.host("m").get().id())).as(c[0]).isEqualTo(1);
                assertThat(store.hosts()).as(c[0]).hasSize(1);
            }
            assertThat(contents(db)).as(c[0] + ": store unchanged").isEqualTo(before);
        }
    }

    /** Every row of every table, in order: what a reader of the store can see. */
    static String contents(Path db) throws java.sql.SQLException {
        StringBuilder b = new StringBuilder();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (java.sql.ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) {
                b.append(t).append('\n');
                try (java.sql.ResultSet rs = st.executeQuery("SELECT * FROM " + t + " ORDER BY 1, 2")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            Object o = rs.getObject(i);
                            b.append(o instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : String.valueOf(o)).append('|');
                        }
                        b.append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

    @Test
    void lenientSkipsMalformedBlocksAndSaysWhere() throws IOException {
        String good = howtoSample(1000, "    1     0   680  10368  0.0  0.0 init");
        String text = good + good.replace("  680  10368", "  6x0  10368") + good + "\ngarbage line\n" + good;
        try (Store store = store()) {
            CaptureImport.Summary s = importFiles(store, new CaptureImport.Options("l", T0, 10_000, true, ZoneOffset.UTC, 0),
                    write("len.txt", text));
            assertThat(s.samples()).isEqualTo(3);
            assertThat(s.skippedBlocks()).hasSize(2);
            assertThat(s.skippedBlocks().get(0)).contains("len.txt:10:").contains("6x0");
            assertThat(s.skippedBlocks().get(1)).contains("len.txt:17:").contains("garbage line");
        }
    }

    @Test
    void importedHistoryReadsBackAsSnapshotsAndSeries() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) { // more than one chunk per process
            text.append(howtoSample(90000 - i, "    1     0   680  10368  0.0  0.0 init",
                    String.format("  777     1 %5d  50000  0.5  1.0 /usr/bin/leaker --grow", 1000 + i * 10)));
        }
        try (Store store = store()) {
            importFiles(store, options("long"), write("long.txt", text.toString()));
            HostRow h = store.host("long").orElseThrow();
            assertThat(store.snapshotCount(h.id())).isEqualTo(300);
            ProcessSeries leaker = store.series(h.id(), 0, Long.MAX_VALUE).stream().filter(p -> p.key().pid() == 777)
                    .findFirst().orElseThrow();
            assertThat(leaker.samples()).hasSize(300);
            for (int i = 0; i < 300; i++) {
                assertThat(leaker.times()[i]).isEqualTo(T0 + i * 10_000L);
                assertThat(leaker.samples().get(i).rssKib()).isEqualTo(1000 + i * 10);
            }
            Snapshot mid = store.snapshotAt(h.id(), T0 + 150 * 10_000L).orElseThrow();
            assertThat(mid.memory().freeKib()).isEqualTo(90000 - 150);
            assertThat(pid(mid, 777).cpuPct()).as("ps %CPU as captured").isEqualTo(0.5);
            assertThat(pid(mid, 777).memPct()).isEqualTo(1.0);
        }
    }
}
