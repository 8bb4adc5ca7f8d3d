package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** {@code sexton import} on the command line, then {@code ps} and {@code free} reading what it stored. */
class ImportCommandTest {
    @TempDir
    Path dir;

    private static final String CAPTURE = """
            Fri Nov 20 10:00:00 UTC 2026
                         total       used       free     shared    buffers     cached
            Mem:       2059280    1967852      91428          0     112996     834104
            Swap:      4192956     131504    4061452
              PID  PPID   RSS    VSZ %CPU %MEM CMD
                1     0   680  10368  0.0  0.0 init [3]
             2000     1  9000  20000  0.0  0.4 /usr/sbin/cimserver
             2001  2000     0      0  0.0  0.0 [cimservera] <defunct>
            Fri Nov 20 10:00:10 UTC 2026
                         total       used       free     shared    buffers     cached
            Mem:       2059280    1967900      91380          0     112996     834104
            Swap:      4192956     131504    4061452
              PID  PPID   RSS    VSZ %CPU %MEM CMD
                1     0   680  10368  0.0  0.0 init [3]
             2000     1  9100  20000  0.0  0.4 /usr/sbin/cimserver
             2001  2000     0      0  0.0  0.0 [cimservera] <defunct>
             2002  2000     0      0  0.0  0.0 [cimservera] <defunct>
            """;

    @Test
    void importsThenPsAndFreeShowTheCapturedHost() throws Exception {
        Path f = dir.resolve("esx01.log");
        Files.writeString(f, CAPTURE);
        String db = dir.resolve("s.db").toString();
        CliRun r = CliRun.of("import", f.toString(), "--db", db, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonParser p = new JsonFactory().createParser(r.out());
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        String name = null;
        while (p.nextToken() != null) {
            if (p.currentToken() == JsonToken.FIELD_NAME) name = p.currentName();
            else if (p.currentToken().isScalarValue() && name != null && p.getParsingContext().getParent().inRoot()) fields.put(name, p.getText());
        }
        assertThat(fields).containsEntry("host", "esx01").containsEntry("samples", "2").containsEntry("processes", "4")
                .containsEntry("first", "2026-11-20T10:00:00Z").containsEntry("last", "2026-11-20T10:00:10Z")
                .containsEntry("interval_s", "10.0").containsEntry("skipped_blocks", "0").containsEntry("zombies", "2");

        CliRun ps = CliRun.of("ps", "--db", db, "--host", "esx01", "--at", "2026-11-20T10:00:05Z");
        assertThat(ps.exit()).as(ps.err()).isZero();
        assertThat(ps.out()).contains("/usr/sbin/cimserver").contains("[cimservera] <defunct>").doesNotContain(" 2002 ");
        CliRun latest = CliRun.of("ps", "--db", db, "--host", "esx01");
        assertThat(latest.out()).contains(" 2002 ");
        CliRun free = CliRun.of("free", "--db", db, "--host", "esx01", "--json");
        assertThat(free.exit()).isZero();
        assertThat(free.out()).contains("\"total_kib\" : 2059280").contains("\"free_kib\" : 91380");

        CliRun again = CliRun.of("import", f.toString(), "--db", db);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("already imported").contains("nothing new");
    }

    @Test
    void badInputIsOneLineAndExitTwoAndTheStoreIsUntouched() throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, CAPTURE.replace("  9100  20000", "  91x0  20000"));
        Path db = dir.resolve("s.db");
        CliRun r = CliRun.of("import", f.toString(), "--db", db.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("bad.txt:15:").contains("91x0").contains("expected a size");
        assertThat(r.err()).doesNotContain("Exception");
        CliRun hosts = CliRun.of("ps", "--db", db.toString(), "--host", "bad");
        assertThat(hosts.exit()).isEqualTo(2);
        assertThat(hosts.err()).contains("no host 'bad'");

        assertThat(CliRun.of("import", dir.resolve("missing.txt").toString(), "--db", db.toString()).err())
                .contains("missing.txt: no such file");
        assertThat(CliRun.of("import", f.toString(), "--db", db.toString(), "--free-unit", "q").exit()).isEqualTo(2);
        assertThat(CliRun.of("import", f.toString(), "--db", db.toString(), "--tz", "Mars/Base").err()).contains("unknown time zone");
        assertThat(CliRun.of("import", "--db", db.toString()).exit()).isEqualTo(2);

        CliRun lenient = CliRun.of("import", f.toString(), "--db", db.toString(), "--lenient");
        assertThat(lenient.exit()).isZero();
        assertThat(lenient.out()).contains("skipped: ").contains("bad.txt:15:").contains("1 malformed blocks skipped");
    }
}
