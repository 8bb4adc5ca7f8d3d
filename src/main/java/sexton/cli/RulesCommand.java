package sexton.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prometheus alerting rules for sexton's judgements, on the metrics {@code sexton serve} exports. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"Print (or write) Prometheus alerting rules implementing sexton's judgements fleet-wide on its own metrics:",
                "zombie storm (many zombies under one parent and growing), fork pressure against pid_max, per-group memory growth judged on the lower envelope (min_over_time) for long enough to skip warm-ups, the HOWTO's 75 %% rule, and a watched directory (serve --watch-dir) filling its file system within a day. Check them with promtool check rules."})
final class RulesCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--zombies", paramLabel = "N", defaultValue = "100", description = "Zombies under one parent that make a storm (default: ${DEFAULT-VALUE}).")
    int zombies;

    @Option(names = "--storm-for", paramLabel = "D", defaultValue = "5m",
            description = "How long a storm must last before its alert fires (default: ${DEFAULT-VALUE}).")
    String stormFor;

    @Override
    public Integer call() throws IOException {
        if (zombies < 1) throw new UsageError("--zombies must be at least 1");
        if (!stormFor.matches("[0-9]+(ms|s|m|h|d)")) throw new UsageError("--storm-for must be a Prometheus duration such as 30s or 5m");
        String yaml = RULES.replace("ZOMBIES", Integer.toString(zombies)).replace("STORM_FOR", stormFor);
        if (output == null) {
            System.out.print(yaml);
            System.out.flush();
            return Main.OK;
        }
        Path abs = output.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), ".sexton-rules", ".tmp");
        try {
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        System.out.println("rules: " + abs);
        return Main.OK;
    }

    static final String RULES = """
            # Written by `sexton rules`: alerting rules on the metrics of `sexton serve`.
            groups:
              - name: sexton
                rules:
                  - alert: SextonZombieStorm
                    expr: |
                      sum by (instance, parent_pid, parent_comm, unit) (sexton_zombies) > ZOMBIES
                      and sum by (instance, parent_pid, parent_comm, unit) (delta(sexton_zombies[10m])) > 0
                    for: STORM_FOR
                    labels:
                      severity: critical
                    annotations:
                      summary: "{{ $value }} zombies under pid {{ $labels.parent_pid }} ({{ $labels.parent_comm }}) on {{ $labels.instance }}, and growing"
                      description: >-
                        Parent {{ $labels.parent_pid }} ({{ $labels.parent_comm }}, unit {{ $labels.unit }}) does not reap its children.
                        Zombies are already dead: kill -9 does nothing to them. Fix: `sexton zombies --fix --parent {{ $labels.parent_pid }}`
                        on {{ $labels.instance }} (it restarts {{ $labels.unit }} after trying SIGCHLD), or `systemctl restart {{ $labels.unit }}`.
                  - alert: SextonForkPressure
                    expr: sum by (instance) (sexton_processes) / max by (instance) (sexton_pid_max) > 0.8
                    for: 5m
                    labels:
                      severity: critical
                    annotations:
                      summary: "{{ $labels.instance }} uses {{ $value | humanizePercentage }} of pid_max"
                      description: >-
                        fork() fails when pid_max is reached. Look for the parent that piles up children: `sexton zombies` on {{ $labels.instance }}.
                  - alert: SextonGroupMemoryGrowth
                    expr: |
                      deriv(min_over_time(sexton_group_resident_bytes[15m])[2h:5m]) > 1048576 / 3600
                      and deriv(min_over_time(sexton_group_resident_bytes[15m])[2h:5m])
                          > 0.01 * avg_over_time(sexton_group_resident_bytes[2h]) / 3600
                    for: 1h
                    labels:
                      severity: warning
                    annotations:
                      summary: "{{ $labels.group }} on {{ $labels.instance }}: the floor of its memory rises steadily"
                      description: >-
                        The lower envelope (15-minute minima) of {{ $labels.kind }} {{ $labels.group }} has grown by more than 1 MiB/h
                        and 1 %/h for over an hour, past any warm-up. Evidence: `sexton leaks --all` on {{ $labels.instance }}; a restart of
                        {{ $labels.group }} reclaims the memory.
                  - alert: SextonApplicationMemory
                    expr: |
                      (sexton_memory_bytes{kind="total"} - sexton_memory_bytes{kind="free"} - sexton_memory_bytes{kind="buffers"} - sexton_memory_bytes{kind="cached"})
                      / (sexton_memory_bytes{kind="total"} - sexton_memory_bytes{kind="free"}) > 0.75
                    for: 15m
                    labels:
                      severity: warning
                    annotations:
                      summary: "applications hold {{ $value | humanizePercentage }} of used memory on {{ $labels.instance }}"
                      description: >-
                        Used - buffers - cached above 75 % of used (the memory-profiling HOWTO's rule): a memory leak, or the host
                        needs more RAM. `sexton memory` and `sexton leaks` on {{ $labels.instance }} say which.
                  - alert: SextonDirectoryFillsDisk
                    expr: sexton_dir_fs_full_timestamp_seconds - time() < 86400
                    for: 15m
                    labels:
                      severity: critical
                    annotations:
                      summary: "{{ $labels.path }} on {{ $labels.instance }} fills its file system within a day"
                      description: >-
                        The watched directory {{ $labels.path }} grows steadily; at its rate its file system is full in
                        {{ $value | humanizeDuration }}. `sexton dirs {{ $labels.path }}` on {{ $labels.instance }} names the owners
                        and largest files; stop the writer before deleting (open deleted files keep their space).
            """;
}
