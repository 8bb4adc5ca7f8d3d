package sexton.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import sexton.analysis.LogTemplates;
import sexton.analysis.ZombieGroup;
import sexton.capture.CaptureImport;
import sexton.capture.LogFiles;
import sexton.model.LogLine;
import sexton.model.LogTemplate;
import sexton.model.Snapshot;

/**
 * Log lines that mention the zombies' command names or their parent's, in the zombies' time window:
 * from the files given, else the systemd journal, else /var/log (messages, syslog, auth.log, secure and
 * their rotations). Only matching lines are kept, at most {@link #MAX_LINES}.
 */
final class LogEvidence {
    static final int MAX_LINES = 200_000;
    static final int TOP = 5;

    private LogEvidence() {}

    static Map<Integer, List<LogTemplate>> forGroups(List<ZombieGroup> groups, Snapshot now, List<Path> files, ZoneId zone) {
        long to = now.timeMillis() + 60_000;
        long oldest = 3_600_000;
        Set<String> names = new HashSet<>();
        Map<Integer, Set<String>> namesOf = new HashMap<>();
        for (ZombieGroup g : groups) {
            oldest = Math.max(oldest, g.oldestAgeMillis() + 600_000);
            Set<String> mine = new HashSet<>(g.childNames().keySet());
            String parent = g.parentCommand() == null || g.parentCommand().equals("?") ? null : CaptureImport.commOf(g.parentCommand());
            if (parent != null) mine.add(parent);
            mine.removeIf(n -> n == null || n.length() < 3);
            namesOf.put(g.parentPid(), mine);
            names.addAll(mine);
        }
        long from = to - Math.min(oldest, 7L * 24 * 3_600_000);
        List<LogLine> kept = new ArrayList<>();
        java.util.function.Consumer<LogLine> keep = l -> {
            if (kept.size() < MAX_LINES && mentions(l, names)) kept.add(l);
        };
        if (!files.isEmpty()) {
            for (Path f : files) {
                if (!java.nio.file.Files.isReadable(f)) throw new UsageError(f + ": cannot read this log file");
                LogFiles.read(f, zone, from, to, keep);
            }
        } else if (!LogFiles.journal(from, to, keep)) {
            for (Path f : LogFiles.defaultFiles(Path.of("/"))) LogFiles.read(f, zone, from, to, keep);
        }
        Map<Integer, List<LogTemplate>> out = new HashMap<>();
        for (ZombieGroup g : groups) out.put(g.parentPid(), LogTemplates.top(kept, namesOf.get(g.parentPid()), TOP));
        return out;
    }

    private static boolean mentions(LogLine l, Set<String> names) {
        if (l.program() != null && names.contains(l.program())) return true;
        String m = l.message();
        if (m == null) return false;
        for (String n : names) if (m.contains(n)) return true;
        return false;
    }
}
