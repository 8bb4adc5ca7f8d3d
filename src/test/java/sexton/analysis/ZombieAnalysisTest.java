package sexton.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import sexton.model.CpuTimes;
import sexton.model.KernelStats;
import sexton.model.LoadAverage;
import sexton.model.ProcState;
import sexton.model.ProcessInfo;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.ProcessStatus;
import sexton.model.ServiceOwner;
import sexton.model.Snapshot;
import sexton.model.SnapshotStats;
import sexton.model.SystemMemory;

class ZombieAnalysisTest {
    static final long BOOT = 1_795_000_000_000L;

    static ProcessSample proc(int pid, int ppid, long startTicks, ProcState state, String command, int tracer) {
        String comm = command.startsWith("[") ? command.substring(1, command.indexOf(']')) : command.replaceAll(" .*", "").replaceAll(".*/", "");
        return new ProcessSample(new ProcessKey(pid, startTicks), ppid, pid, pid, 0, state, 0, 0, 1, 1000, 100, null, 0, 0, "root",
                new ProcessInfo(comm, command, null, null), new ProcessStatus(0, tracer, 0, 0, 0, 0));
    }

    static Snapshot snap(long t, List<ProcessSample> ps) {
        return new Snapshot(t, new SystemMemory(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), new KernelStats(CpuTimes.ZERO, BOOT / 1000, 0, 1, 0),
                LoadAverage.ZERO, 4096, 8192, ps, SnapshotStats.NONE);
    }

    @Test
    void groupsByParentWithAgesRatesForecastAndSpecialCases() {
        long now = BOOT + 3_600_000;
        List<ProcessSample> ps = new ArrayList<>();
        ps.add(proc(1, 0, 1, ProcState.SLEEPING, "/sbin/init", 0));
        ps.add(proc(500, 1, 100, ProcState.SLEEPING, "/usr/sbin/cimserver", 0));
        // 30 cimservera zombies born one a minute, the newest a minute ago: 1/min
        for (int i = 0; i < 30; i++) ps.add(proc(1000 + i, 500, (3_600 - 60L * (30 - i)) * 100, ProcState.ZOMBIE, "[cimservera]", 0));
        ps.add(proc(600, 1, 200, ProcState.STOPPED, "/usr/bin/stopped-parent", 0));
        ps.add(proc(601, 600, 300, ProcState.ZOMBIE, "[job]", 0));
        ps.add(proc(700, 1, 200, ProcState.SLEEPING, "/usr/bin/traced-parent", 800));
        ps.add(proc(701, 700, 300, ProcState.ZOMBIE, "[helper]", 0));
        ps.add(proc(800, 1, 200, ProcState.TRACED, "gdb -p 700", 0));
        ps.add(proc(900, 1, 300, ProcState.ZOMBIE, "[orphan]", 0));
        Snapshot s = snap(now, ps);
        ZombieAnalysis.Report r = ZombieAnalysis.analyse(s, BOOT, 100, List.of(), List.of(),
                p -> new ServiceOwner(ServiceOwner.Kind.SYSTEMD, "x.service", null, List.of("systemctl", "restart", "x.service"), List.of()));
        assertThat(r.zombies()).isEqualTo(33);
        ZombieGroup cim = r.groups().get(0);
        assertThat(cim.parentPid()).isEqualTo(500);
        assertThat(cim.count()).isEqualTo(30);
        assertThat(cim.childNames()).containsEntry("cimservera", 30);
        assertThat(cim.oldestAgeMillis()).isEqualTo(30 * 60_000L);
        assertThat(cim.newestAgeMillis()).isEqualTo(60_000L);
        assertThat(cim.birthsPerMinute()).isCloseTo(29.0 / 29, org.assertj.core.data.Offset.offset(0.01));
        assertThat(cim.rateSource()).contains("start times");
        assertThat(cim.special()).isNull();
        assertThat(cim.advice()).contains("systemctl restart x.service").contains("already dead");
        assertThat(r.shareOfLimit()).isCloseTo(38.0 / 4096, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.forkFailsAtMillis()).as("4,058 pids left at about 1/min").isNotNull();
        assertThat((r.forkFailsAtMillis() - now) / 60_000.0).isBetween(4000.0, 4100.0);
        assertThat(group(r, 600).special()).contains("stopped");
        assertThat(group(r, 600).advice()).contains("kill -CONT 600");
        assertThat(group(r, 700).special()).contains("traced by pid 800").contains("gdb");
        assertThat(group(r, 1).special()).contains("PID 1");
        assertThat(group(r, 1).advice()).contains("never kill PID 1").contains("tini");
    }

    @Test
    void watchingGivesBirthRateAndTrend() {
        List<Long> times = new ArrayList<>();
        List<ZombieAnalysis.Sighting> seen = new ArrayList<>();
        List<ProcessSample> ps = new ArrayList<>();
        ps.add(proc(500, 1, 100, ProcState.SLEEPING, "/usr/sbin/daemon", 0));
        int next = 1000;
        for (int sec = 0; sec <= 30; sec++) {
            long t = BOOT + 100_000 + sec * 1000L;
            times.add(t);
            for (int k = 0; k < 5; k++) ps.add(proc(next++, 500, 10_000 + sec * 100 + k, ProcState.ZOMBIE, "[child]", 0));
            for (ProcessSample p : ps) if (p.isZombie()) seen.add(new ZombieAnalysis.Sighting(t, p.key(), p.ppid(), "child"));
        }
        Snapshot last = snap(times.get(times.size() - 1), ps);
        ZombieAnalysis.Report r = ZombieAnalysis.analyse(last, BOOT, 100, times, seen, p -> ServiceOwner.none(List.of()));
        ZombieGroup g = r.groups().get(0);
        assertThat(g.birthsPerMinute()).as("5 a second").isCloseTo(300, org.assertj.core.data.Offset.offset(1.0));
        assertThat(g.rateSource()).contains("30 s");
        assertThat(g.trend()).isEqualTo("growing");
    }

    private static ZombieGroup group(ZombieAnalysis.Report r, int ppid) {
        return r.groups().stream().filter(g -> g.parentPid() == ppid).findFirst().orElseThrow();
    }
}
