package sexton.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.Snapshot;

/** Live: a helper forks and reaps short processes while the sampler reads the real /proc. */
class ChurnTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void snapshotsStayConsistentWhileProcessesComeAndGo() throws Exception {
        // ~200 forks per second: 10 short children, reaped, then a 50 ms pause
        Process churn = new ProcessBuilder("sh", "-c",
                "while :; do for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true & done; wait; sleep 0.05; done")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Sampler sampler = Sampler.system();
            Snapshot first = null;
            Snapshot last = null;
            long vanished = 0;
            for (int i = 0; i < 300; i++) {
                Snapshot s = sampler.take();
                if (first == null) first = s;
                last = s;
                vanished += s.stats().vanished();
                assertConsistent(s);
                Thread.sleep(5);
            }
            double seconds = (last.timeMillis() - first.timeMillis()) / 1000.0;
            double forksPerSecond = (last.kernel().forks() - first.kernel().forks()) / seconds;
            System.out.printf("churn: %.0f forks/s over %.1f s, %d processes vanished mid-read%n", forksPerSecond, seconds, vanished);
            assertThat(forksPerSecond).as("the churn helper must really churn").isGreaterThan(100);
            assertThat(churn.isAlive()).isTrue();
        } finally {
            churn.descendants().forEach(ProcessHandle::destroyForcibly);
            churn.destroyForcibly();
            churn.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void assertConsistent(Snapshot s) {
        assertThat(s.memory().totalKib()).isPositive();
        Set<ProcessKey> keys = new HashSet<>();
        int lastPid = 0;
        for (ProcessSample p : s.processes()) {
            assertThat(p.pid()).isGreaterThan(lastPid);
            lastPid = p.pid();
            assertThat(keys.add(p.key())).isTrue();
            assertThat(p.state()).isNotNull();
            assertThat(p.info()).isNotNull();
            assertThat(p.info().command()).isNotEmpty();
            assertThat(p.ppid()).isGreaterThanOrEqualTo(0);
            assertThat(p.rssKib()).isGreaterThanOrEqualTo(0);
            assertThat(p.cpuPct()).isGreaterThanOrEqualTo(0);
            assertThat(p.status()).isNotNull();
        }
        assertThat(s.processes()).anySatisfy(p -> assertThat(p.pid()).isEqualTo(1));
        assertThat(s.processes()).anySatisfy(p -> assertThat((long) p.pid()).isEqualTo(ProcessHandle.current().pid()));
    }
}
