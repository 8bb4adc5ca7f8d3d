package sexton.remedy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import sexton.model.ProcessSample;
import sexton.model.ServiceOwner;
import sexton.model.Snapshot;

/**
 * Finds the owner of a process: its systemd unit (a {@code .service}; scopes are login sessions and
 * have nothing to restart), its container, or the SysV init script whose pidfile (under the run
 * directories) holds its pid; else the chain of its parents up to PID 1. Directories are injectable
 * so that tests use their own.
 */
public final class ServiceOwners implements Function<ProcessSample, ServiceOwner> {
    private final Map<Integer, ProcessSample> byPid = new HashMap<>();
    private final Map<Integer, Path> pidfiles = new HashMap<>();
    private final Path initDir;

    public ServiceOwners(Snapshot snapshot, List<Path> runDirs, Path initDir) {
        for (ProcessSample p : snapshot.processes()) byPid.put(p.pid(), p);
        this.initDir = initDir;
        for (Path dir : runDirs) scan(dir);
    }

    public static ServiceOwners system(Snapshot snapshot) {
        return new ServiceOwners(snapshot, List.of(Path.of("/run"), Path.of("/var/run")), Path.of("/etc/init.d"));
    }

    /** Pidfiles up to two levels down ({@code /run/NAME.pid}, {@code /run/NAME/NAME.pid}). */
    private void scan(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.walk(dir, 2)) {
            files.filter(p -> p.getFileName().toString().endsWith(".pid")).forEach(p -> {
                try {
                    if (Files.size(p) > 64) return;
                    String s = new String(Files.readAllBytes(p), StandardCharsets.US_ASCII).trim();
                    int pid = Integer.parseInt(s.split("\\s+")[0]);
                    pidfiles.putIfAbsent(pid, p);
                } catch (IOException | NumberFormatException | SecurityException e) {
                    // unreadable or not a pid: not evidence
                }
            });
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            // a run directory we cannot list: no SysV evidence from it
        }
    }

    @Override
    public ServiceOwner apply(ProcessSample p) {
        String unit = p.info().unit();
        if (p.info().container() != null) {
            String id = p.info().container();
            String bare = id.contains(":") ? id.substring(id.indexOf(':') + 1) : id;
            List<String> restart = id.startsWith("docker:") ? List.of("docker", "restart", bare)
                    : id.startsWith("podman:") ? List.of("podman", "restart", bare) : List.of();
            return new ServiceOwner(ServiceOwner.Kind.CONTAINER, id, null, restart, ancestry(p));
        }
        Path pidfile = pidfiles.get(p.pid());
        if (pidfile != null) {
            String name = pidfile.getFileName().toString().replaceFirst("\\.pid$", "");
            for (String candidate : new String[] {name, pidfile.getParent().getFileName().toString(), name.replaceFirst("d$", "")}) {
                Path script = initDir.resolve(candidate);
                if (Files.isRegularFile(script) && Files.isExecutable(script)) {
                    return new ServiceOwner(ServiceOwner.Kind.SYSV, candidate, pidfile.toString(), List.of(script.toString(), "restart"),
                            ancestry(p));
                }
            }
        }
        if (unit != null && unit.endsWith(".service")) {
            return new ServiceOwner(ServiceOwner.Kind.SYSTEMD, unit, null, List.of("systemctl", "restart", unit), ancestry(p));
        }
        return ServiceOwner.none(ancestry(p));
    }

    /** "1234 nginx: master", then its parent, ... up to PID 1. */
    List<String> ancestry(ProcessSample p) {
        List<String> out = new ArrayList<>();
        ProcessSample cur = byPid.get(p.ppid());
        int guard = 0;
        while (cur != null && guard++ < 64) {
            out.add(cur.pid() + " " + cur.info().command());
            if (cur.pid() <= 1) break;
            cur = byPid.get(cur.ppid());
        }
        return out;
    }
}
