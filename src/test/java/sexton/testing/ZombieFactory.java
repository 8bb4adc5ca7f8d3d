package sexton.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The test zombie factory ({@code zombies/cimserver}: forks a child named cimservera every INTERVAL
 * seconds and never waits) under the perl subreaper ({@code zombies/reaper.pl}), because PID 1 may not
 * reap orphans. Closing ends the factory first, so its zombies go to the reaper, then the reaper.
 */
public final class ZombieFactory implements AutoCloseable {
    private final Process reaper;
    private final long pid;

    private ZombieFactory(Process reaper, long pid) {
        this.reaper = reaper;
        this.pid = pid;
    }

    public static ZombieFactory start(String intervalSeconds) throws Exception {
        Path res = Path.of(ZombieFactory.class.getResource("/zombies/reaper.pl").toURI()).getParent();
        res.resolve("cimserver").toFile().setExecutable(true); // resources are copied without their mode
        Process reaper = new ProcessBuilder("perl", res.resolve("reaper.pl").toString(), res.resolve("cimserver").toString(), intervalSeconds)
                .start();
        BufferedReader r = new BufferedReader(new InputStreamReader(reaper.getInputStream(), StandardCharsets.UTF_8));
        // the reaper's "child PID" and the factory's own pid line may come in either order
        String a = r.readLine(), b = r.readLine();
        return new ZombieFactory(reaper, Long.parseLong((a.startsWith("child ") ? b : a).trim()));
    }

    /** The factory's pid: the parent of its zombies. */
    public long pid() {
        return pid;
    }

    @Override
    public void close() throws Exception {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Thread.sleep(300);
        reaper.destroy();
        if (!reaper.waitFor(5, TimeUnit.SECONDS)) reaper.destroyForcibly();
    }
}
