package sexton.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PidTableTest {
    @Test
    void behavesLikeAMapUnderGrowthOverwriteAndRetain() {
        PidTable<String> table = new PidTable<>(4);
        Map<Integer, String> model = new HashMap<>();
        Random r = new Random(7);
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 300; i++) {
                int pid = 1 + r.nextInt(4_194_304);
                String v = "v" + round + "-" + i;
                table.put(pid, v);
                model.put(pid, v);
            }
            int keepMod = 2 + round % 3;
            table.retain(v -> v.hashCode() % keepMod != 0);
            model.values().removeIf(v -> v.hashCode() % keepMod == 0);
            assertThat(table.size()).isEqualTo(model.size());
            for (Map.Entry<Integer, String> e : model.entrySet()) assertThat(table.get(e.getKey())).isEqualTo(e.getValue());
            for (int i = 0; i < 200; i++) {
                int pid = 1 + r.nextInt(4_194_304);
                assertThat(table.get(pid)).isEqualTo(model.get(pid));
            }
        }
        Map<String, Boolean> seen = new HashMap<>();
        table.forEach(v -> seen.put(v, true));
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(model.values());
    }
}
