package sexton.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** A streaming JSON writer to standard output; the stream stays open for the caller. */
final class JsonOutput {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonOutput() {}

    static JsonGenerator to(OutputStream out) {
        try {
            JsonGenerator g = FACTORY.createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    static void finish(JsonGenerator g, OutputStream out) throws IOException {
        g.close();
        out.write('\n');
        out.flush();
    }
}
