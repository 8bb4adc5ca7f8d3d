package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import sexton.analysis.LogTemplates;
import sexton.analysis.ZombieGroup;
import sexton.model.CpuTimes;
import sexton.model.KernelStats;
import sexton.model.LoadAverage;
import sexton.model.LogTemplate;
import sexton.model.ProcState;
import sexton.model.ServiceOwner;
import sexton.model.Snapshot;
import sexton.model.SnapshotStats;
import sexton.model.SystemMemory;

/** The zombies' names found in log files of the seed's story, grouped by template in the zombies' window. */
class LogEvidenceTest {
    private static Path fixture(String name) throws Exception {
        return Path.of(LogEvidenceTest.class.getResource("/logs/" + name).toURI());
    }

    private static ZombieGroup cimserver(long oldestAge) {
        return new ZombieGroup(2001, "/usr/sbin/cimserver --daemon", "root", -1, ProcState.SLEEPING, 0,
                ServiceOwner.none(List.of()), 4096, oldestAge, 1000, Map.of("cimservera", 4096), List.of(), Double.NaN, "",
                "unknown", null, "restart it");
    }

    private static Snapshot at(String iso) {
        return new Snapshot(Instant.parse(iso).toEpochMilli(), new SystemMemory(1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
                new KernelStats(CpuTimes.ZERO, 0, 0, 0, 0), LoadAverage.ZERO, 0, 0, List.of(), SnapshotStats.NONE);
    }

    @Test
    void theSeedsCimserveraStormInMessagesAuthLogAndTheJournal() throws Exception {
        // zombies seen at 05:05 on Jan 6 2026, the oldest two hours old: the window covers the storm
        Map<Integer, List<LogTemplate>> ev = LogEvidence.forGroups(List.of(cimserver(2 * 3_600_000L)),
                at("2026-01-06T05:05:00Z"), List.of(fixture("messages"), fixture("auth.log")), ZoneOffset.UTC);
        List<LogTemplate> top = ev.get(2001);
        assertThat(top).isNotEmpty();
        assertThat(top.get(0).template()).isEqualTo("cimservera[*]: PAM authentication failed for user root");
        assertThat(top.get(0).count()).isEqualTo(180);
        assertThat(top.get(1).template()).isEqualTo("cimservera[*]: user \"root\" failed to authenticate");
        assertThat(top.get(1).count()).isEqualTo(150);
        assertThat(LogTemplates.format(top.get(1), ZoneOffset.UTC)).contains("× 150").contains("03:27–04:54");
        assertThat(top).noneMatch(t -> t.template().contains("sshd")).as("auth.log's sshd lines do not mention cimserver");

        // a window that ends before the storm finds nothing
        Map<Integer, List<LogTemplate>> early = LogEvidence.forGroups(List.of(cimserver(60_000)), at("2026-01-06T02:00:00Z"),
                List.of(fixture("messages")), ZoneOffset.UTC);
        assertThat(early.get(2001)).isEmpty();
    }
}
