package sexton.remedy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import sexton.procfs.CgroupInfo;
import sexton.procfs.CgroupParser;

class GuardAndOwnersTest {
    @TempDir
    Path dir;

    static ProcessSample proc(int pid, int ppid, String comm, String command, String unit, String container) {
        return new ProcessSample(new ProcessKey(pid, 100), ppid, pid, pid, 0, ProcState.SLEEPING, 0, 0, 1, 1000, 100, null, 0, 0,
                "root", new ProcessInfo(comm, command, unit, container), ProcessStatus.UNKNOWN);
    }

    @Test
    void refusesPidOneKernelThreadsItselfItsAncestorsAndCriticalProcessesUnlessForced() {
        long self = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        Guard g = Guard.forThisProcess();
        assertThat(g.refuse(proc(1, 0, "systemd", "/sbin/init", null, null), true)).get().asString().contains("PID 1");
        assertThat(g.refuse(proc(33, 2, "kworker/0:1", "[kworker/0:1]", null, null), true)).get().asString().contains("kernel thread");
        assertThat(g.refuse(proc((int) self, (int) parent, "java", "java sexton", null, null), true)).get().asString().contains("sexton itself");
        assertThat(g.refuse(proc((int) parent, 1, "bash", "-bash", null, null), true)).get().asString().contains("ancestors");
        for (String critical : List.of("sshd", "systemd-logind", "systemd-journald", "dbus-daemon", "login", "agetty")) {
            assertThat(g.refuse(proc(4242, 1, critical, "/usr/sbin/" + critical, null, null), false)).as(critical).get().asString()
                    .contains("critical list").contains("--force");
            assertThat(g.refuse(proc(4242, 1, critical, "/usr/sbin/" + critical, null, null), true)).as(critical + " forced").isEmpty();
        }
        assertThat(g.refuse(proc(4242, 1, "cimserver", "/usr/sbin/cimserver", null, null), false)).isEmpty();
        assertThat(Guard.protecting(Set.of(4242L)).refuse(proc(4242, 1, "x", "x", null, null), true)).isPresent();
    }

    @Test
    void ownersFromCgroupFixturesPidfilesAndAncestry() throws Exception {
        // the unit and container come from /proc/PID/cgroup (v1 name=systemd and v2 0::), parsed by CgroupParser
        CgroupInfo v2 = parse("0::/system.slice/cimserver.service\n");
        CgroupInfo v1 = parse("12:pids:/system.slice/sfcbd.service\n1:name=systemd:/system.slice/sfcbd.service\n");
        CgroupInfo docker = parse("0::/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope\n");
        CgroupInfo session = parse("0::/user.slice/user-0.slice/session-3.scope\n");
        Path run = Files.createDirectories(dir.resolve("run"));
        Path init = Files.createDirectories(dir.resolve("init.d"));
        Files.writeString(run.resolve("zombied.pid"), "777\n");
        Path script = init.resolve("zombied");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<ProcessSample> ps = List.of(proc(1, 0, "init", "/sbin/init", null, null),
                proc(100, 1, "cimserver", "/usr/sbin/cimserver", v2.unit(), v2.container()),
                proc(101, 1, "sfcbd", "/usr/sbin/sfcbd", v1.unit(), v1.container()),
                proc(102, 1, "app", "/app", docker.unit(), docker.container()),
                proc(103, 104, "bash", "-bash", session.unit(), session.container()),
                proc(104, 1, "sshd", "sshd: root@pts/0", null, null),
                proc(777, 1, "zombied", "/usr/local/sbin/zombied", null, null));
        Snapshot s = new Snapshot(0, new SystemMemory(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), new KernelStats(CpuTimes.ZERO, 0, 0, 0, 0),
                LoadAverage.ZERO, 0, 0, ps, SnapshotStats.NONE);
        ServiceOwners owners = new ServiceOwners(s, List.of(run), init);
        ServiceOwner o = owners.apply(ps.get(1));
        assertThat(o.kind()).isEqualTo(ServiceOwner.Kind.SYSTEMD);
        assertThat(o.restartLine()).isEqualTo("systemctl restart cimserver.service");
        assertThat(owners.apply(ps.get(2)).restartLine()).isEqualTo("systemctl restart sfcbd.service");
        ServiceOwner c = owners.apply(ps.get(3));
        assertThat(c.kind()).isEqualTo(ServiceOwner.Kind.CONTAINER);
        assertThat(c.name()).startsWith("docker:0123456789ab");
        assertThat(c.restartLine()).startsWith("docker restart 0123456789ab");
        ServiceOwner none = owners.apply(ps.get(4));
        assertThat(none.kind()).as("a login session scope has nothing to restart").isEqualTo(ServiceOwner.Kind.NONE);
        assertThat(none.ancestry()).containsExactly("104 sshd: root@pts/0", "1 /sbin/init");
        ServiceOwner sysv = owners.apply(ps.get(6));
        assertThat(sysv.kind()).isEqualTo(ServiceOwner.Kind.SYSV);
        assertThat(sysv.pidfile()).endsWith("zombied.pid");
        assertThat(sysv.restart()).containsExactly(script.toString(), "restart");
    }

    private static CgroupInfo parse(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return CgroupParser.parse(b, b.length);
    }
}
