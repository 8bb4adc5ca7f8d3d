package sexton.report;

/**
 * One thing that needs attention: how urgent, what kind, a title and the evidence in a sentence,
 * the command that fixes it (or the next step), and the chart that shows it (null when none).
 */
public record Finding(Severity severity, String kind, String title, String detail, String fix, String chartId,
                      Long deadlineMillis) {
    public enum Severity {
        CRITICAL("critical"), WARNING("warning"), NOTICE("notice");

        private final String label;

        Severity(String label) { this.label = label; }

        public String label() { return label; }
    }
}
