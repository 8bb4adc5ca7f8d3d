package sexton.analysis;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process for the live leak test. {@code leak}: allocates and touches 1 MiB off the heap
 * every 100 ms (up to 1 GiB, then holds); {@code steady}: touches 20 MiB once and holds it. Both
 * print "ready" and run until killed.
 */
public final class Leaker {
    private Leaker() {}

    public static void main(String[] args) throws Exception {
        boolean leak = args.length > 0 && args[0].equals("leak");
        List<ByteBuffer> held = new ArrayList<>();
        if (!leak) held.add(touched(20 << 20));
        System.out.println("ready");
        System.out.flush();
        while (true) {
            if (leak && held.size() < 1024) held.add(touched(1 << 20));
            Thread.sleep(100);
        }
    }

    private static ByteBuffer touched(int bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes);
        for (int i = 0; i < bytes; i += 4096) b.put(i, (byte) 1);
        return b;
    }
}
