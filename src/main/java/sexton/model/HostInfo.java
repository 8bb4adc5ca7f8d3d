package sexton.model;

/** A host as the store knows it: its name and the constants needed to read its figures. */
public record HostInfo(String name, int clockTicks, int pageSize) {
}
