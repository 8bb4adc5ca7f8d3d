package sexton.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Every leak class found and no look-alike flagged, at every rate and span, over several seeds;
 * prints the per-class table that BENCHMARKS.md quotes (also written to target/leak-scenarios.md).
 */
class LeakJudgeScenarioTest {
    static final int SEEDS = Integer.getInteger("sexton.scenarioSeeds", 25);

    @Test
    void everyLeakFoundAndNoLookAlikeFlagged() throws Exception {
        LeakJudge judge = new LeakJudge(Criteria.DEFAULT);
        Map<MemoryScenarios.Kind, int[]> tally = new EnumMap<>(MemoryScenarios.Kind.class); // {series, flagged}
        List<String> wrong = new ArrayList<>();
        for (MemoryScenarios.Rate rate : MemoryScenarios.RATES) {
            for (MemoryScenarios.Kind kind : MemoryScenarios.Kind.values()) {
                for (int seed = 0; seed < SEEDS; seed++) {
                    List<MemoryScenarios.Series> all = MemoryScenarios.generate(kind, rate, seed);
                    for (MemoryScenarios.Series s : all) {
                        TrendJudgement j = judge.judge(s.t(), s.v(), s.v().length);
                        boolean flagged = j.verdict() == Verdict.LEAK;
                        int[] c = tally.computeIfAbsent(s.kind(), k -> new int[2]);
                        c[0]++;
                        if (flagged) c[1]++;
                        if (flagged != s.kind().leak) {
                            wrong.add(s.kind() + " at " + rate.label() + " seed " + seed + ": " + j.verdict().label() + " (" + j.reason() + ")");
                        }
                        Verdict expected = switch (s.kind()) {
                            case SHORT_LIVED -> Verdict.INSUFFICIENT_DATA;
                            case SHRINKING -> Verdict.SHRINKING;
                            case WARM_UP_PLATEAU -> Verdict.GREW_THEN_STABLE;
                            default -> null;
                        };
                        boolean warmUpStillRising = s.kind() == MemoryScenarios.Kind.WARM_UP_PLATEAU && j.verdict() == Verdict.GROWING;
                        if (expected != null && j.verdict() != expected && !warmUpStillRising) {
                            wrong.add(s.kind() + " at " + rate.label() + " seed " + seed + ": " + j.verdict().label() + ", expected "
                                    + expected.label() + " (" + j.reason() + ")");
                        }
                    }
                }
            }
        }
        StringBuilder table = new StringBuilder("| class | should be a leak | series | judged leak | recall or false-positive rate |\n|---|---|---|---|---|\n");
        for (Map.Entry<MemoryScenarios.Kind, int[]> e : tally.entrySet()) {
            int[] c = e.getValue();
            table.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s |%n", e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    e.getKey().leak ? "yes" : "no", c[0], c[1], e.getKey().leak
                            ? String.format(Locale.ROOT, "recall %.0f %%", 100.0 * c[1] / c[0])
                            : String.format(Locale.ROOT, "flagged %.0f %%", 100.0 * c[1] / c[0])));
        }
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "leak-scenarios.md"), table);
        wrong.forEach(System.out::println);
        assertThat(wrong).as("misjudged").isEmpty();
    }
}
