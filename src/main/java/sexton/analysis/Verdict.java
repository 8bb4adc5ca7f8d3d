package sexton.analysis;

/** What a memory series is doing, as judged by {@link LeakJudge}. */
public enum Verdict {
    /** Rising steadily, over the window and in its recent part: a leak until shown otherwise. */
    LEAK("leak"),
    /** Rising, but the evidence for a leak is not complete (the recent part rises less clearly). */
    GROWING("growing"),
    /** Rose, then stopped: a cache that warmed up, a one-time load. */
    GREW_THEN_STABLE("grew-then-stable"),
    STABLE("stable"),
    SHRINKING("shrinking"),
    /** Too few samples or too short a span to say. */
    INSUFFICIENT_DATA("insufficient-data");

    private final String label;

    Verdict(String label) { this.label = label; }

    public String label() { return label; }
}
