package sexton.model;

import java.util.List;

/**
 * Who owns a process, for restarting it: a systemd unit, a container, a SysV init script (found by a
 * pidfile holding the pid), or nobody known, in which case {@code ancestry} (the chain of parents up
 * to PID 1, nearest first) is the evidence. {@code restart} is the command that restarts the owner,
 * as an argument list, or empty when there is none to run.
 */
public record ServiceOwner(Kind kind, String name, String pidfile, List<String> restart, List<String> ancestry) {
    public enum Kind {
        SYSTEMD("systemd"), CONTAINER("container"), SYSV("sysv"), NONE("none");

        private final String label;

        Kind(String label) { this.label = label; }

        public String label() { return label; }
    }

    public ServiceOwner {
        restart = List.copyOf(restart);
        ancestry = List.copyOf(ancestry);
    }

    public static ServiceOwner none(List<String> ancestry) {
        return new ServiceOwner(Kind.NONE, null, null, List.of(), ancestry);
    }

    /** The restart command as one shell-readable line, or null. */
    public String restartLine() {
        return restart.isEmpty() ? null : String.join(" ", restart);
    }
}
