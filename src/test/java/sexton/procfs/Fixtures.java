package sexton.procfs;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** The fixture /proc trees under src/test/resources/proc. */
final class Fixtures {
    private Fixtures() {
    }

    static ProcFs tree(String name) {
        URL url = Fixtures.class.getResource("/proc/" + name);
        if (url == null) throw new IllegalArgumentException("no fixture tree " + name);
        try {
            return new ProcFs(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of a per-process fixture file, exactly as read through {@link ProcFs}. */
    static byte[] pidFile(ProcFs fs, int pid, String name) {
        byte[] buf = new byte[CmdlineParser.BUFFER_SIZE];
        int n = fs.readPidFile(pid, name, buf);
        if (n < 0) throw new IllegalArgumentException("fixture " + pid + "/" + name + " unreadable: " + n);
        return Arrays.copyOf(buf, n);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
