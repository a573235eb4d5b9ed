package io.lvmops.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real outputs captured under src/test/resources/observe: lab/ from the QEMU lab nodes (lab/capture-fixtures;
 * lab/capture-fs-fixtures for the fs* filesystem-size captures),
 * host/ from the build host's LVM (host/capture-host-fixtures.sh). Each NAME has a sibling NAME.cmd saying which
 * command produced it, on which node, in which state, with which exit code.
 */
final class Fixtures {
    private Fixtures() {
    }

    static String text(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/observe/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture observe/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exit code recorded in the fixture's .cmd file ("exit_code: N"). */
    static int exitCode(String pathWithoutExtension) {
        Matcher m = Pattern.compile("(?m)^exit_code: (\\d+)$").matcher(text(pathWithoutExtension + ".cmd"));
        if (!m.find()) {
            throw new IllegalArgumentException(pathWithoutExtension + ".cmd has no exit_code");
        }
        return Integer.parseInt(m.group(1));
    }
}
