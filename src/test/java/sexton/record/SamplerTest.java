package sexton.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sexton.model.HostInfo;
import sexton.model.ProcState;
import sexton.model.ProcessSample;
import sexton.model.Snapshot;
import sexton.procfs.ProcFs;
import sexton.procfs.UserNames;
import sexton.store.ProcessSeries;
import sexton.store.Store;

class SamplerTest {
    @TempDir
    Path dir;

    private Sampler sampler(FakeProc proc, int refreshEvery) {
        return new Sampler(new ProcFs(proc.root), new UserNames(proc.passwd()), refreshEvery);
    }

    private static ProcessSample pid(Snapshot s, int pid) {
        return s.processes().stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
    }

    @Test
    void readsSystemAndProcessesWithDerivedValues() throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc"));
        proc.process(1, "systemd", 'S', 0, 10, 500, 3000, "/sbin/init\0splash\0", 0);
        proc.process(200, "nginx", 'S', 1, 5000, 100, 20000, "nginx: worker process\0", 33);
        proc.process(300, "defunct kid", 'Z', 200, 6000, 0, 0, "", 33);
        proc.process(400, "cp", 'D', 1, 7000, 3, 100, "cp\0big\0/mnt/nfs\0", 0);
        proc.write("400/wchan", "nfs_wait_bit_killable");
        Snapshot s = sampler(proc, 30).take();
        assertThat(s.memory().totalKib()).isEqualTo(8_000_000);
        assertThat(s.kernel().forks()).isEqualTo(4242);
        assertThat(s.pidMax()).isEqualTo(4_194_304);
        assertThat(s.processes()).extracting(ProcessSample::pid).containsExactly(1, 200, 300, 400);
        ProcessSample nginx = pid(s, 200);
        assertThat(nginx.user()).isEqualTo("www-data");
        assertThat(nginx.info().command()).isEqualTo("nginx: worker process");
        assertThat(nginx.info().unit()).isEqualTo("nginx.service");
        assertThat(nginx.rssKib()).isEqualTo(80_000);
        assertThat(nginx.memPct()).isEqualTo(1.0);
        assertThat(pid(s, 1).info().command()).isEqualTo("/sbin/init splash");
        ProcessSample zombie = pid(s, 300);
        assertThat(zombie.state()).isEqualTo(ProcState.ZOMBIE);
        assertThat(zombie.info().command()).isEqualTo("[defunct kid]");
        assertThat(zombie.wchan()).isNull();
        assertThat(pid(s, 400).wchan()).isEqualTo("nfs_wait_bit_killable");
        assertThat(s.zombieCount()).isEqualTo(1);
    }

    @Test
    void vanishedAndMissingStatAreCountedNotFatal() throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc"));
        proc.process(10, "a", 'S', 1, 100, 1, 1, "a\0", 0);
        proc.write("11/cmdline", "half gone\0"); // directory listed but stat already gone
        Snapshot s = sampler(proc, 30).take();
        assertThat(s.processes()).extracting(ProcessSample::pid).containsExactly(10);
        assertThat(s.stats().vanished()).isEqualTo(1);
    }

    @Test
    void slowFilesAreReadForNewIdentitiesAndAtTheRefreshCadenceOnly() throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc"));
        proc.process(50, "postgres", 'S', 1, 100, 1, 10, "postgres: idle\0", 0);
        Sampler sampler = sampler(proc, 4);
        assertThat(pid(sampler.take(), 50).info().command()).isEqualTo("postgres: idle");
        proc.write("50/cmdline", "postgres: SELECT\0");
        int refreshedAt = -1;
        for (int i = 2; i <= 6; i++) {
            String cmd = pid(sampler.take(), 50).info().command();
            if (cmd.equals("postgres: SELECT")) {
                refreshedAt = i;
                break;
            }
        }
        // (generation + pid) % 4 == 0 with pid 50: the first refresh is the 2nd or a later snapshot, within 4
        assertThat(refreshedAt).isBetween(2, 5);
    }

    @Test
    void keptStatFilesFollowTheProcessesAndAreClosed() throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc"));
        for (int pid = 10; pid < 14; pid++) proc.process(pid, "w" + pid, 'S', 1, 100 + pid, 1, 1, "w\0", 0);
        try (Sampler sampler = sampler(proc, 30)) {
            sampler.take();
            assertThat(sampler.keptOpen()).as("not on first sight: short-lived processes cost no descriptor").isZero();
            sampler.take();
            assertThat(sampler.keptOpen()).isEqualTo(4);
            proc.remove(12);
            assertThat(sampler.take().processes()).extracting(ProcessSample::pid).containsExactly(10, 11, 13);
            assertThat(sampler.keptOpen()).isEqualTo(3);
            // a kept file keeps reading its file: changed figures show up
            proc.process(13, "w13", 'R', 1, 113, 99, 1, "w\0", 0);
            assertThat(pid(sampler.take(), 13).utimeTicks()).isEqualTo(99);
            sampler.close();
            assertThat(sampler.keptOpen()).isZero();
        }
    }

    @Test
    void pidReuseStartsANewIdentityAndNeverMergesHistories() throws Exception {
        FakeProc proc = new FakeProc(dir.resolve("proc"));
        proc.process(1, "systemd", 'S', 0, 10, 500, 3000, "/sbin/init\0", 0);
        proc.process(777, "leaker", 'S', 1, 1000, 10, 5000, "/opt/leaker\0", 0);
        Sampler sampler = sampler(proc, 1000);
        Snapshot first = sampler.take();
        proc.remove(777);
        Snapshot gone = sampler.take();
        assertThat(gone.processes()).extracting(ProcessSample::pid).containsExactly(1);
        proc.process(777, "sshd", 'S', 1, 9000, 0, 700, "sshd: admin\0", 0);
        Snapshot reused = sampler.take();
        ProcessSample before = pid(first, 777);
        ProcessSample after = pid(reused, 777);
        assertThat(after.key()).isNotEqualTo(before.key());
        assertThat(after.info().command()).isEqualTo("sshd: admin");
        // same pid, replaced without a gap between snapshots: still a new identity, fresh files read
        proc.process(777, "bash", 'S', 1, 9500, 0, 300, "-bash\0", 0);
        Snapshot again = sampler.take();
        assertThat(pid(again, 777).key().startTicks()).isEqualTo(9500);
        assertThat(pid(again, 777).info().command()).isEqualTo("-bash");

        Path db = dir.resolve("h.db");
        try (Store store = Store.open(db)) {
            long host = store.host(new HostInfo("fakehost", 100, 4096));
            long t = 1_800_000_000_000L;
            for (Snapshot s : List.of(first, gone, reused, again)) {
                store.write(host, new Snapshot(t += 10_000, s.memory(), s.kernel(), s.load(), s.pidMax(), s.threadsMax(),
                        s.processes(), s.stats()));
            }
            List<ProcessSeries> series = store.series(host, 0, Long.MAX_VALUE);
            List<ProcessSeries> at777 = series.stream().filter(x -> x.key().pid() == 777).toList();
            assertThat(at777).hasSize(3);
            assertThat(at777).extracting(x -> x.info().command())
                    .containsExactlyInAnyOrder("/opt/leaker", "sshd: admin", "-bash");
            assertThat(at777).allSatisfy(x -> assertThat(x.samples()).hasSize(1));
        }
    }
}
