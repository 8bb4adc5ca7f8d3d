package sexton.store;

/** A host as stored. */
public record HostRow(long id, String name, int clockTicks, int pageSize) {
}
