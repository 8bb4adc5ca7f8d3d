package sexton.store;

/** One capture imported into the store: its content hash, where it came from and what it held. */
public record CaptureRecord(String host, String sha256, String source, long importedMillis, int samples, long firstMillis,
                            long lastMillis) {
}
