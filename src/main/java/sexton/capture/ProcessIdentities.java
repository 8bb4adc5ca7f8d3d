package sexton.capture;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import sexton.model.ProcessInfo;
import sexton.model.ProcessKey;

/**
 * Process identity where a capture has no start times: (pid, command). A pid keeps its identity
 * while it shows the same command in every table; another command at the pid, or the pid missing
 * from a table and back later, is a new identity, so PID reuse never merges two programs. A process
 * that becomes a zombie keeps its identity (ps then shows {@code [name] <defunct>}). Identities are
 * keys whose start ticks are serial numbers, unique in the host.
 */
final class ProcessIdentities {
    private static final class Live {
        final ProcessKey key;
        final String command;
        final String comm;
        final ProcessInfo info;
        int seenIn;
        boolean zombie;

        Live(ProcessKey key, String command, String comm) {
            this.key = key;
            this.command = command;
            this.comm = comm;
            this.info = new ProcessInfo(comm, command, null, null);
        }
    }

    private Live last;

    private final Map<Integer, Live> live = new HashMap<>();
    private long nextSerial;
    private int created;
    private int zombies;
    private int table;

    ProcessIdentities(long firstSerial) {
        this.nextSerial = firstSerial;
    }

    /** Starts the next process table. */
    void beginTable() {
        table++;
    }

    /** The identity of this row in the current table. */
    ProcessKey key(int pid, String command, boolean zombie) {
        Live l = live.get(pid);
        boolean same = l != null && (l.command.equals(command) || zombie && l.comm.equals(CaptureImport.commOf(command)));
        if (!same) {
            l = new Live(new ProcessKey(pid, nextSerial++), command, CaptureImport.commOf(command));
            live.put(pid, l);
            created++;
        }
        l.seenIn = table;
        if (zombie && !l.zombie) {
            l.zombie = true;
            zombies++;
        }
        last = l;
        return l.key;
    }

    /** What names the process {@link #key} last returned; one instance per identity. */
    ProcessInfo info() {
        return last.info;
    }

    /** Ends the current table: a pid it did not show has ended. */
    void endTable() {
        for (Iterator<Live> it = live.values().iterator(); it.hasNext(); ) {
            if (it.next().seenIn != table) it.remove();
        }
    }

    /** Forgets every live process (a new stretch of history starts). */
    void clear() {
        live.clear();
    }

    int created() { return created; }

    int zombies() { return zombies; }
}
