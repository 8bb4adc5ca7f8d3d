package sexton.procfs;

/**
 * Where {@code /proc/PID/cgroup} puts a process: the cgroup path chosen by {@link CgroupParser},
 * the systemd unit (e.g. {@code nginx.service}) and a container id such as
 * {@code docker:0123456789ab}. Unit and container are null when none; path is null only for an
 * empty file.
 */
public record CgroupInfo(String path, String unit, String container) {
    public static final CgroupInfo NONE = new CgroupInfo(null, null, null);
}
