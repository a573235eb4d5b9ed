package io.lvmops.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code git} (and other) command line tools in tests, isolated from the user's configuration. */
public final class GitCli {
    private final Map<String, String> env = new HashMap<>();

    public GitCli(Path home) {
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Alice Operator");
        env.put("GIT_AUTHOR_EMAIL", "alice@example.com");
        env.put("GIT_COMMITTER_NAME", "Alice Operator");
        env.put("GIT_COMMITTER_EMAIL", "alice@example.com");
        env.put("LC_ALL", "C");
    }

    GitCli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    Result run(Path dir, String... argv) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
            pb.environment().putAll(env);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Path out = java.nio.file.Files.createTempFile("gitcli", ".out");
            Path err = java.nio.file.Files.createTempFile("gitcli", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", argv));
            }
            Result r = new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
            java.nio.file.Files.delete(out);
            java.nio.file.Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs and requires exit 0. */
    String ok(Path dir, String... argv) {
        Result r = run(dir, argv);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + r.exitCode() + ":\n" + r.all());
        }
        return r.out();
    }

    public String git(Path dir, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(List.of(args));
        return ok(dir, argv.toArray(String[]::new));
    }
}
