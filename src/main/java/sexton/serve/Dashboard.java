package sexton.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The live dashboard and its JSON: {@code /} is the page, {@code /api/dashboard} the charts' data and
 * the current findings. Both are prepared by the analysis thread and served as ready bytes, so any
 * number of clients costs no analysis, and a slow client holds only its own connection. GET only.
 */
public final class Dashboard implements HttpHandler {
    private final byte[] page;
    private volatile byte[] json = "{\"host\":\"\",\"samples\":0,\"from\":0,\"to\":0,\"titles\":[],\"findings\":[],\"data\":{\"charts\":[]}}"
            .getBytes(StandardCharsets.UTF_8);

    public Dashboard(String page) {
        this.page = page.getBytes(StandardCharsets.UTF_8);
    }

    public void publish(String dashboardJson) {
        json = dashboardJson.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "text/plain", "read-only: GET only\n".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/") || path.equals("/index.html")) {
                send(ex, 200, "text/html; charset=utf-8", page);
            } else if (path.equals("/api/dashboard")) {
                send(ex, 200, "application/json", json);
            } else {
                send(ex, 404, "text/plain", "not found: / (dashboard), /metrics, /api/dashboard\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
