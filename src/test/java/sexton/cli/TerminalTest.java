package sexton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTest {
    @Test
    void stripsEscapeSequencesAndControlCharacters() {
        assertThat(Terminal.clean("evil\033[2J\033]0;title\007name\r\n")).isEqualTo("evil?[2J?]0;title?name??");
        assertThat(Terminal.clean("tab\there")).isEqualTo("tab here");
        assertThat(Terminal.clean("c1\u009bcsi")).isEqualTo("c1?csi");
        String plain = "/usr/sbin/nginx -g daemon on;";
        assertThat(Terminal.clean(plain)).isSameAs(plain);
        assertThat(Terminal.clean(null)).isNull();
    }

    @Test
    void humanSizes() {
        assertThat(Terminal.human(512)).isEqualTo("512K");
        assertThat(Terminal.human(1536)).isEqualTo("1.5M");
        assertThat(Terminal.human(200 * 1024 * 1024L)).isEqualTo("200G");
        assertThat(Terminal.human(-1)).isEqualTo("-");
    }
}
