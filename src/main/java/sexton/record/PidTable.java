package sexton.record;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Open-addressing map from pid to a value. A HashMap would box every pid on every lookup, thousands of
 * times per snapshot; this keeps the sampling hot path free of that garbage.
 */
final class PidTable<V> {
    private static final int FREE = 0; // pid 0 is never a process directory under /proc
    private int[] keys;
    private Object[] values;
    private int size;

    PidTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        keys = new int[cap];
        values = new Object[cap];
    }

    int size() { return size; }

    @SuppressWarnings("unchecked")
    V get(int pid) {
        int mask = keys.length - 1;
        for (int i = mix(pid) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == pid) return (V) values[i];
            if (k == FREE) return null;
        }
    }

    void put(int pid, V value) {
        if ((size + 1) * 2 > keys.length) grow();
        int mask = keys.length - 1;
        for (int i = mix(pid) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == pid) { values[i] = value; return; }
            if (k == FREE) { keys[i] = pid; values[i] = value; size++; return; }
        }
    }

    /** Keeps only the entries the predicate accepts; rebuilds the table (linear probing has no cheap delete). */
    @SuppressWarnings("unchecked")
    void retain(java.util.function.Predicate<V> keep) {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length];
        values = new Object[oldValues.length];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE && keep.test((V) oldValues[i])) put(oldKeys[i], (V) oldValues[i]);
        }
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<V> action) {
        for (int i = 0; i < keys.length; i++) if (keys[i] != FREE) action.accept((V) values[i]);
    }

    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] != FREE) put(oldKeys[i], oldValues[i] == null ? null : cast(oldValues[i]));
        Arrays.fill(oldValues, null);
    }

    @SuppressWarnings("unchecked")
    private V cast(Object o) { return (V) o; }

    private static int mix(int pid) { return pid * 0x9E3779B9 >>> 7 ^ pid; }
}
