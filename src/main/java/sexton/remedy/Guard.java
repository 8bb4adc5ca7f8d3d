package sexton.remedy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import sexton.model.ProcessSample;

/**
 * What sexton must never signal: PID 1, kernel threads, itself and its ancestors (the admin's shell,
 * sudo, the ssh session), and critical processes (init, systemd*, sshd, journald, dbus, login and
 * gettys) unless forced. Returns the reason for a refusal, or empty when the target may be signalled.
 */
public final class Guard {
    private static final Set<String> CRITICAL = Set.of("init", "sshd", "systemd-journald", "journald", "rsyslogd", "dbus-daemon",
            "dbus-broker", "login", "agetty", "getty", "mingetty", "containerd", "dockerd", "kubelet", "sexton");

    private final Set<Long> protectedPids = new HashSet<>();

    /** Protects this JVM and every ancestor of it. */
    public static Guard forThisProcess() {
        Guard g = new Guard();
        ProcessHandle h = ProcessHandle.current();
        while (h != null) {
            g.protectedPids.add(h.pid());
            h = h.parent().orElse(null);
        }
        return g;
    }

    /** For tests: protects the given pids as if they were sexton and its ancestors. */
    public static Guard protecting(Set<Long> pids) {
        Guard g = new Guard();
        g.protectedPids.addAll(pids);
        return g;
    }

    public Optional<String> refuse(ProcessSample target, boolean force) {
        int pid = target.pid();
        if (pid <= 1) return Optional.of("never signals PID " + pid + " (" + target.info().comm() + "): the host or container would go down");
        if (target.ppid() == 2 || pid == 2) return Optional.of(target.info().comm() + " is a kernel thread: signals do nothing to it");
        if (protectedPids.contains((long) pid)) {
            return Optional.of("pid " + pid + " (" + target.info().comm() + ") is sexton itself or one of its ancestors (your shell, sudo, ssh session)");
        }
        String comm = target.info().comm() == null ? "" : target.info().comm().toLowerCase(Locale.ROOT);
        boolean critical = CRITICAL.contains(comm) || comm.startsWith("systemd") || comm.startsWith("sshd");
        if (critical && !force) {
            return Optional.of(target.info().comm() + " (pid " + pid + ") is on the critical list (init, systemd*, sshd, journald, dbus, "
                    + "login); add --force if you really mean it");
        }
        return Optional.empty();
    }
}
