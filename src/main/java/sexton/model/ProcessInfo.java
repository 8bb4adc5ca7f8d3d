package sexton.model;

/**
 * What names a process and rarely changes: read when a (pid, start time) first appears and
 * refreshed at a slow cadence. {@code command} is the command line with arguments joined by
 * spaces, or {@code [comm]} when the kernel reports none (kernel threads, zombies), as ps shows it.
 * {@code unit} is the systemd unit (e.g. {@code nginx.service}) and {@code container} a container
 * id such as {@code docker:0123456789ab}; either is null when unknown.
 */
public record ProcessInfo(String comm, String command, String unit, String container) {
    public static ProcessInfo ofComm(String comm) {
        return new ProcessInfo(comm, "[" + comm + "]", null, null);
    }

    public ProcessInfo withCommand(String newCommand) {
        return new ProcessInfo(comm, newCommand, unit, container);
    }
}
