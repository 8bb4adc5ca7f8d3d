package sexton.remedy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Every action taken on the host, one JSON object per line, appended (O_APPEND, one write per line,
 * so concurrent runs never interleave within a line): time, user, target, action, counts before and
 * after, outcome.
 */
public final class AuditLog {
    private static final JsonFactory JSON = new JsonFactory();
    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() { return file; }

    public void append(int targetPid, String targetCommand, String action, int before, int after, String outcome) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.now().toString());
            g.writeStringField("user", System.getProperty("user.name"));
            g.writeNumberField("target_pid", targetPid);
            g.writeStringField("target_command", targetCommand);
            g.writeStringField("action", action);
            g.writeNumberField("zombies_before", before);
            g.writeNumberField("zombies_after", after);
            g.writeStringField("outcome", outcome);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot format an audit record", e);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, (w + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot append to the audit log " + file + ": " + e.getMessage(), e);
        }
    }
}
