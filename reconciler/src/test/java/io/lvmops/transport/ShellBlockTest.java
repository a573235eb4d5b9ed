package io.lvmops.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The text of one pipelined command (pure); {@link PipelinedShellLocalTest} runs such blocks in a real sh. */
class ShellBlockTest {
    private static String text(byte[] block) {
        return new String(block, StandardCharsets.UTF_8);
    }

    @Test
    void aCommandWithoutStdinReadsDevNullBetweenItsMarkers() {
        ShellBlock block = new ShellBlock("abc123", 7);

        assertThat(text(block.encode(List.of("lvs", "-o", "lv_name"), new byte[0]))).isEqualTo("""
                printf %s '@@lvmops-abc123-7:begin:'; printf %s '@@lvmops-abc123-7:begin:' >&2
                lvs -o lv_name </dev/null
                r=$?; printf '@@lvmops-abc123-7:end:%d\\n' "$r"; printf '@@lvmops-abc123-7:end:%d\\n' "$r" >&2
                """);
        assertThat(block.begin()).isEqualTo("@@lvmops-abc123-7:begin:".getBytes(StandardCharsets.US_ASCII));
        assertThat(block.end()).isEqualTo("@@lvmops-abc123-7:end:".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void stdinTravelsAsBase64InAHereDocumentWhoseDelimiterBase64CannotContain() {
        byte[] stdin = "_lvmops_stdin_\n$(reboot)\n'\n".getBytes(StandardCharsets.UTF_8);

        String block = text(new ShellBlock("n0", 0).encode(List.of("sh", "-c", "cat > f"), stdin));

        List<String> lines = block.lines().toList();
        assertThat(lines.get(1)).isEqualTo("base64 -d <<'_lvmops_stdin_' | sh -c 'cat > f'");
        assertThat(lines.get(lines.size() - 2)).isEqualTo("_lvmops_stdin_");
        String encoded = String.join("\n", lines.subList(2, lines.size() - 2));
        assertThat(encoded).matches("[A-Za-z0-9+/=\n]+");
        assertThat(Base64.getMimeDecoder().decode(encoded)).isEqualTo(stdin);
    }

    @Test
    void argumentsAreQuotedOnceLikeEveryOtherCommandLine() {
        List<String> argv = List.of("printf", "%s", "it's $(x)", "a\nb");

        String block = text(new ShellBlock("n0", 1).encode(argv, new byte[0]));

        assertThat(block).contains("\n" + ShellQuoting.join(argv) + " </dev/null\n");
    }

    @Test
    void largeStdinIsWrappedInShortLines() {
        byte[] stdin = new byte[100_000];

        String block = text(new ShellBlock("n0", 2).encode(List.of("cat"), stdin));

        assertThat(block.lines()).allMatch(line -> line.length() <= 200);
    }

    @Test
    void noncesAreRandomAlphanumericAndRequiredToBe() {
        String one = ShellBlock.newNonce();

        assertThat(one).matches("[0-9a-f]{32}").isNotEqualTo(ShellBlock.newNonce());
        assertThatThrownBy(() -> new ShellBlock("a'b", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShellBlock("ab", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
