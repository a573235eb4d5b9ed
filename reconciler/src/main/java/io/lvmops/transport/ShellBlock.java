package io.lvmops.transport;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * One command as the text a long-lived {@code sh -s} ({@link PipelinedShell}) reads: the argv quoted once
 * ({@link ShellQuoting}), its stdin {@code /dev/null} or exactly the given bytes, and markers around its output on
 * both streams, so that its stdout, stderr and exit status can be told apart from the commands before and after it:
 * <pre>
 * printf %s '@@lvmops-NONCE-SEQ:begin:'; printf %s '@@lvmops-NONCE-SEQ:begin:' >&amp;2
 * timeout -k 5.000s 301.000s lvcreate ... &lt;/dev/null
 * r=$?; printf '@@lvmops-NONCE-SEQ:end:%d\n' "$r"; printf '@@lvmops-NONCE-SEQ:end:%d\n' "$r" >&amp;2
 * </pre>
 * The nonce is random per shell and only ever appears in the shell's input, which the commands cannot read (their
 * stdin is never the shell's), so no output can forge a marker; the sequence number ties each marker to its command.
 * Stdin travels as base64 in a here-document decoded on the node by coreutils' {@code base64 -d}: the text of a
 * here-document must not contain its delimiter line, which base64 (letters, digits, {@code +/=}) never does.
 */
final class ShellBlock {
    /** The here-document delimiter of stdin; {@code _} is not in the base64 alphabet. */
    static final String STDIN_END = "_lvmops_stdin_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, new byte[] {'\n'});

    private final String marker;
    private final byte[] begin;
    private final byte[] end;

    ShellBlock(String nonce, long sequence) {
        if (!nonce.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("nonce must be alphanumeric");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        marker = "@@lvmops-" + nonce + "-" + sequence;
        begin = (marker + ":begin:").getBytes(StandardCharsets.US_ASCII);
        end = (marker + ":end:").getBytes(StandardCharsets.US_ASCII);
    }

    /** A fresh random nonce (128 bits) for one shell. */
    static String newNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The block for {@code argv} (already bounded by the node's {@code timeout}, see {@link ExecArgv#bounded}),
     * with {@code stdin} as its standard input (empty: {@code /dev/null}, so a program reading stdin sees EOF at
     * once and never the shell's next block).
     */
    byte[] encode(List<String> argv, byte[] stdin) {
        String line = ShellQuoting.join(argv);
        StringBuilder block = new StringBuilder(line.length() + 200 + stdin.length * 4 / 3);
        block.append("printf %s '").append(marker).append(":begin:'; printf %s '").append(marker)
                .append(":begin:' >&2\n");
        if (stdin.length == 0) {
            block.append(line).append(" </dev/null\n");
        } else {
            block.append("base64 -d <<'").append(STDIN_END).append("' | ").append(line).append('\n')
                    .append(BASE64.encodeToString(stdin)).append('\n')
                    .append(STDIN_END).append('\n');
        }
        block.append("r=$?; printf '").append(marker).append(":end:%d\\n' \"$r\"; printf '").append(marker)
                .append(":end:%d\\n' \"$r\" >&2\n");
        return block.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What the shell prints on both streams just before the command runs. */
    byte[] begin() {
        return begin.clone();
    }

    /** What the shell prints on both streams after the command, followed by its exit status and a newline. */
    byte[] end() {
        return end.clone();
    }

    @Override
    public String toString() {
        return marker;
    }
}
