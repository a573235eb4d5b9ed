package io.lvmops.plan.step;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A shell script a step runs as {@code sh -c SCRIPT NAME ARG...}, kept as a resource beside the step classes (so it
 * is shellchecked and run under dash in tests as a file) and passed whole: names and paths are only ever arguments.
 */
final class StepScript {
    private StepScript() {
    }

    static String load(String resource) {
        try (InputStream in = StepScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the lvmops jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
