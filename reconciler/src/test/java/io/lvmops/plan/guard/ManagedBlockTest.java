package io.lvmops.plan.guard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagedBlockTest {
    static final String BLOCK = ManagedBlock.BEGIN + "\nactivation {\n}\n" + ManagedBlock.END + "\n";

    @Test
    void appendsToAFileWithoutBlock_keepingEveryByte() throws Exception {
        String file = "local {\n\t# host_id = 0\n}\n  # trailing  spaces  \n";
        String out = ManagedBlock.rewrite(file, "activation {\n}");
        assertThat(out).isEqualTo(file + BLOCK);
        assertThat(ManagedBlock.foreign(out)).isEqualTo(file);
    }

    @Test
    void aFileWithoutFinalNewlineGetsOneBeforeTheBlock() throws Exception {
        assertThat(ManagedBlock.rewrite("local {}", "activation {\n}\n")).isEqualTo("local {}\n" + BLOCK);
    }

    @Test
    void missingFileBecomesTheBlock_andNoBlockNoFile() throws Exception {
        assertThat(ManagedBlock.rewrite(null, "activation {\n}\n")).isEqualTo(BLOCK);
        assertThat(ManagedBlock.rewrite(null, null)).isNull();
    }

    @Test
    void replacesOnlyItsBlockInTheMiddle() throws Exception {
        String before = "# mine\r\nlocal {\n}\n";
        String after = "\n# after, with\ttabs\nglobal { x = 1 }";
        String file = before + ManagedBlock.BEGIN + "\nold stuff\n" + ManagedBlock.END + "\n" + after;
        String out = ManagedBlock.rewrite(file, "activation {\n}\n");
        assertThat(out).isEqualTo(before + BLOCK + after);
        assertThat(ManagedBlock.current(out)).isEqualTo(BLOCK);
        assertThat(ManagedBlock.foreign(out)).isEqualTo(before + after);
    }

    @Test
    void removesItsBlockWhenNothingIsManaged() throws Exception {
        assertThat(ManagedBlock.rewrite("a\n" + BLOCK + "b\n", null)).isEqualTo("a\nb\n");
        assertThat(ManagedBlock.rewrite("a\n", null)).isEqualTo("a\n");
    }

    @Test
    void brokenMarkersAreRefused() {
        assertThatThrownBy(() -> ManagedBlock.rewrite("x\n" + ManagedBlock.BEGIN + "\ny\n", "z"))
                .isInstanceOf(ManagedBlock.BrokenMarkersException.class).hasMessageContaining("without its end");
        assertThatThrownBy(() -> ManagedBlock.current(ManagedBlock.END + "\n"))
                .isInstanceOf(ManagedBlock.BrokenMarkersException.class);
        assertThatThrownBy(() -> ManagedBlock.current(BLOCK + BLOCK))
                .isInstanceOf(ManagedBlock.BrokenMarkersException.class).hasMessageContaining("two");
    }

    @Test
    void unifiedDiffOfTheBlock() {
        String before = "l1\nl2\nl3\nl4\n";
        String after = "l1\nl2\nl3\nl4\n" + BLOCK;
        assertThat(UnifiedDiff.of("/etc/lvm/lvmlocal.conf", before, after)).containsExactly(
                "--- /etc/lvm/lvmlocal.conf", "+++ /etc/lvm/lvmlocal.conf", "@@ -2,3 +2,7 @@",
                " l2", " l3", " l4", "+" + ManagedBlock.BEGIN, "+activation {", "+}", "+" + ManagedBlock.END);
        assertThat(UnifiedDiff.of("f", "a\nold\nb\n", "a\nnew\nb\n")).containsExactly(
                "--- f", "+++ f", "@@ -1,3 +1,3 @@", " a", "-old", "+new", " b");
        assertThat(UnifiedDiff.of("f", null, "x\n")).containsExactly("--- /dev/null", "+++ f", "@@ -0,0 +1,1 @@",
                "+x");
        assertThat(UnifiedDiff.of("f", "same", "same")).isEmpty();
    }
}
