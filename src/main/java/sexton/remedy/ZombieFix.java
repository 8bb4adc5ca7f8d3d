package sexton.remedy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import sexton.analysis.ZombieGroup;
import sexton.model.ProcState;
import sexton.model.ProcessKey;
import sexton.model.ProcessSample;
import sexton.model.Snapshot;

/**
 * Clearing one parent's zombies, least disruptive step first: SIGCONT when the parent is stopped;
 * SIGCHLD (a parent that lost the signal may reap); restarting its service; and only when asked,
 * SIGTERM then SIGKILL to the parent, after which its zombies pass to the reaper (PID 1 or a
 * subreaper). After every step the host is scanned again and the parent's zombies counted; the plan
 * stops at the first step that clears them. Every executed step goes to the audit log.
 */
public final class ZombieFix {
    public enum StepKind { SIGCONT, SIGCHLD, RESTART, KILL_PARENT }

    /** One step: what it does, as the command an admin would type. */
    public record Step(StepKind kind, String description, List<String> command) {
        public String commandLine() { return String.join(" ", command); }
    }

    /** The steps for one parent, or why none may run ({@code refusal}). */
    public record Plan(ZombieGroup group, ProcessKey parentKey, String parentCommand, List<Step> steps, String refusal) {
    }

    /** What one executed step did: zombies before and after (this parent's, and the original ones wherever they went). */
    public record Outcome(Step step, int before, int after, int orphansLeft, String result, boolean cleared) {
    }

    private ZombieFix() {}

    public static Plan plan(ZombieGroup g, ProcessSample parent, Guard guard, boolean killParent, boolean force) {
        if (parent == null) return new Plan(g, null, "?", List.of(), "the parent (pid " + g.parentPid() + ") is not visible: run as root");
        Optional<String> no = guard.refuse(parent, force);
        if (no.isPresent()) return new Plan(g, parent.key(), parent.info().command(), List.of(), no.get());
        List<Step> steps = new ArrayList<>();
        String pid = Integer.toString(parent.pid());
        if (parent.state() == ProcState.STOPPED || parent.state() == ProcState.TRACED) {
            steps.add(new Step(StepKind.SIGCONT, "let the stopped parent run, so it can wait() for its children", List.of("kill", "-s", "CONT", pid)));
        }
        steps.add(new Step(StepKind.SIGCHLD, "remind the parent that children have ended (harmless)", List.of("kill", "-s", "CHLD", pid)));
        if (!g.owner().restart().isEmpty()) {
            steps.add(new Step(StepKind.RESTART, "restart the parent's " + g.owner().kind().label() + " service " + g.owner().name(),
                    g.owner().restart()));
        }
        if (killParent) {
            steps.add(new Step(StepKind.KILL_PARENT, "end the parent (SIGTERM, then SIGKILL); its zombies pass to the reaper",
                    List.of("kill", "-s", "TERM", pid)));
        }
        return new Plan(g, parent.key(), parent.info().command(), steps, null);
    }

    /**
     * Runs the plan's steps in order until the parent's zombies are gone. {@code scan} reads the
     * host again; {@code graceMillis} is how long a parent gets to reap after a step.
     */
    public static List<Outcome> execute(Plan plan, Supplier<Snapshot> scan, AuditLog audit, long graceMillis, PrintStream progress) {
        List<Outcome> out = new ArrayList<>();
        Set<ProcessKey> original = new HashSet<>();
        Snapshot before = scan.get();
        for (ProcessSample p : before.processes()) if (p.isZombie() && p.ppid() == plan.group().parentPid()) original.add(p.key());
        int count = count(before, plan, original)[0];
        for (Step step : plan.steps()) {
            progress.println("  " + step.commandLine() + "   # " + step.description());
            String result = run(step, plan, graceMillis);
            Snapshot after = waitForChange(scan, plan, original, graceMillis);
            int[] now = count(after, plan, original);
            boolean cleared = now[0] == 0 && now[1] == 0;
            String outcome = result != null ? result : cleared ? "cleared" : "zombies remain";
            audit.append(plan.group().parentPid(), plan.parentCommand(), step.commandLine(), count, now[0] + now[1], outcome);
            out.add(new Outcome(step, count, now[0], now[1], outcome, cleared));
            progress.printf("    before %d, after %d under pid %d%s: %s%n", count, now[0], plan.group().parentPid(),
                    now[1] > 0 ? " (" + now[1] + " passed to a parent that does not reap them)" : "", outcome);
            count = now[0] + now[1];
            if (cleared || result != null && result.startsWith("refused")) break;
        }
        return out;
    }

    /** {zombies still under the same parent process, original zombies still present elsewhere}. */
    static int[] count(Snapshot s, Plan plan, Set<ProcessKey> original) {
        boolean sameParent = false;
        for (ProcessSample p : s.processes()) if (p.key().equals(plan.parentKey())) sameParent = true;
        int under = 0, elsewhere = 0;
        for (ProcessSample p : s.processes()) {
            if (!p.isZombie()) continue;
            if (sameParent && p.ppid() == plan.group().parentPid()) under++;
            else if (original.contains(p.key())) elsewhere++;
        }
        return new int[] {under, elsewhere};
    }

    /** Re-scans every 200 ms for up to the grace period, returning early once the parent's zombies are gone. */
    private static Snapshot waitForChange(Supplier<Snapshot> scan, Plan plan, Set<ProcessKey> original, long graceMillis) {
        long end = System.nanoTime() + graceMillis * 1_000_000;
        Snapshot s = scan.get();
        while (System.nanoTime() < end) {
            int[] c = count(s, plan, original);
            if (c[0] == 0 && c[1] == 0) return s;
            sleep(200);
            s = scan.get();
        }
        return s;
    }

    /** Runs a step; null when it ran, else why not ("refused: ..." or "failed: ..."). */
    private static String run(Step step, Plan plan, long graceMillis) {
        if (step.kind() == StepKind.KILL_PARENT) {
            long pid = plan.group().parentPid();
            String r = exec(step.command(), 10);
            if (r != null) return r;
            long end = System.nanoTime() + Math.max(graceMillis, 5_000) * 1_000_000;
            while (System.nanoTime() < end && alive(pid, plan.parentKey())) sleep(100);
            if (alive(pid, plan.parentKey())) return exec(List.of("kill", "-s", "KILL", Long.toString(pid)), 10);
            return null;
        }
        return exec(step.command(), step.kind() == StepKind.RESTART ? 120 : 10);
    }

    private static boolean alive(long pid, ProcessKey key) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Runs a command with a time limit; null on success, else a one-line reason. */
    static String exec(List<String> command, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "failed: " + String.join(" ", command) + " did not finish in " + timeoutSeconds + " s";
            }
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() == 0) return null;
            if (text.contains("Operation not permitted") || text.contains("Access denied") || text.contains("ermission denied")) {
                return "refused: not permitted (run as root, e.g. sudo sexton zombies --fix)";
            }
            String first = text.isEmpty() ? "" : text.lines().findFirst().orElse("");
            return "failed: " + String.join(" ", command) + " exited " + p.exitValue() + (first.isEmpty() ? "" : ": " + first);
        } catch (IOException e) {
            return "failed: cannot run " + command.get(0) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "failed: interrupted";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
