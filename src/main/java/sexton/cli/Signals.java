package sexton.cli;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM ask a long command to finish its current step and return normally, so the store
 * closes cleanly and the exit code is 0. Shutdown hooks cannot do that: the JVM would exit 130/143.
 */
final class Signals {
    private Signals() {}

    static void onInterruptOrTerminate(Runnable action) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), sig -> action.run());
            } catch (IllegalArgumentException e) {
                // the signal is reserved in this JVM (e.g. -Xrs): keep the default behaviour
            }
        }
    }
}
