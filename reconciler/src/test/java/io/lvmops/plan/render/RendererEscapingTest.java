package io.lvmops.plan.render;

import io.lvmops.model.FsType;
import io.lvmops.plan.Blocked;
import io.lvmops.plan.Drift;
import io.lvmops.plan.Plan;
import io.lvmops.plan.Severity;
import io.lvmops.plan.step.LvmConfigWrite;
import io.lvmops.plan.step.Mount;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values observed on a node (a configuration file's lines, an LV's mount point, a tag) or read from a spec reach the
 * plan; none of them may move the terminal's cursor, recolour it, start a line that looks like another step, or
 * close a Markdown code block early.
 */
class RendererEscapingTest {
    private static final String HOSTILE = "/mnt/x\u001b[2K\r1 - lvremove -y vg0/lv01\n```\n<b>\u202eevil\u0085";

    static Plan hostilePlan() {
        return new Plan(Plan.FORMAT_VERSION, "rev\u001b[8m", "sha256:ab",
                List.of(new Mount("n1", "vg0", "lv01", FsType.EXT4, HOSTILE, "because\rhidden"),
                        new LvmConfigWrite("n1", "/etc/lvm/lvmlocal.conf", "absent", "x",
                                List.of("-old", "+```", "+````", "+\u001b]0;title\u0007"), "config")),
                List.of(new Drift("vg0/lv`01`", "n1", "mounted at " + HOSTILE)),
                List.of(new Blocked("vg0/lv01\u001b[31m", "n\u0007", Severity.WARNING, "reason " + HOSTILE)));
    }

    @Test
    void textShowsEveryControlCharacterAsAnEscape() {
        String text = new TextRenderer(false).render(hostilePlan());
        assertNoControlCharacters(text);
        assertThat(text).contains("$'/mnt/x\\e[2K\\r1 - lvremove -y vg0/lv01\\n```\\n<b>\\u202eevil\\u0085'")
                .contains("# because\\rhidden")
                .contains("+\\e]0;title\\x07")
                .contains("Spec revision: rev\\e[8m");
        // exactly one line per step, reason and detail: nothing the values hold starts a line of its own
        assertThat(text.lines().filter(l -> l.contains("lvremove"))).hasSize(3);
    }

    @Test
    void textWithColoursStillEscapesTheValues() {
        String text = new TextRenderer(true).render(hostilePlan()).replaceAll("\u001b\\[[0-9;]*m", "");
        assertNoControlCharacters(text);
    }

    @Test
    void markdownKeepsEveryValueInsideItsCodeBlockOrSpan() {
        String md = new MarkdownRenderer().render(hostilePlan());
        assertNoControlCharacters(md);
        List<String> lines = md.lines().toList();
        int open = lines.indexOf("`````"); // one more than the longest run of backticks inside (4)
        assertThat(open).as(md).isPositive();
        int close = lines.subList(open + 1, lines.size()).indexOf("`````") + open + 1;
        assertThat(lines.subList(open + 1, close)).as("no line inside the block closes it")
                .noneMatch(l -> l.startsWith("`````"));
        assertThat(lines.subList(open + 1, close)).anyMatch(l -> l.contains("+````"));
        // outside code, Markdown punctuation is escaped too (a backslash shows as a backslash)
        assertThat(md).contains("- `` vg0/lv`01` `` on `n1`: mounted at /mnt/x\\\\e\\[2K\\\\r1 - lvremove -y vg0/lv01\\\\n\\`\\`\\`\\\\n&lt;b&gt;")
                .contains("**warning** `vg0/lv01\\e[31m` on `n\\x07`");
    }

    @Test
    void aValueWithoutControlCharactersIsUnchanged() {
        assertThat(Printable.of("/mnt/t_lv01 ünïcode")).isEqualTo("/mnt/t_lv01 ünïcode");
        assertThat(MarkdownRenderer.code("a`b")).isEqualTo("``a`b``");
        // a tab is kept in a config diff line, but a command-line word shows it (a tab and spaces look alike)
        assertThat(Printable.of("+\tvolume_list")).isEqualTo("+\tvolume_list");
        assertThat(io.lvmops.plan.step.ShellWords.quote("a\tb'c\\")).isEqualTo("$'a\\tb\\'c\\\\'");
    }

    static void assertNoControlCharacters(String out) {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            boolean control = (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
            assertThat(control).as("character U+%04X at %d in:%n%s", (int) c, i, out).isFalse();
        }
    }
}
