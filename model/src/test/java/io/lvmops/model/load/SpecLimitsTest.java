package io.lvmops.model.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded input: a spec file over 1 MiB or with a line over 64 KiB is refused, naming the file (and the line), before
 * any YAML parsing (before, a 100 MB comment-only file validated, and an 8 MB line took 44 s to parse).
 */
class SpecLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aHugeCommentOnlyFileIsRefusedUnread() throws IOException {
        Path spec = dir.resolve("spec.yaml");
        try (RandomAccessFile f = new RandomAccessFile(spec.toFile(), "rw")) {
            f.write("apiVersion: lvmops/v1\n# ".getBytes());
            f.setLength(100L << 20); // sparse: 100 MiB of NULs after a comment start, never read in full
        }
        assertThat(SpecLoader.load(spec).errors()).extracting(SpecError::toString).containsExactly(
                spec + ": the file is 100 MiB; a spec file may be at most 1 MiB (refused before parsing)");
    }

    @Test
    void aFileJustOverTheLimitIsRefusedAndOneAtTheLimitIsParsed() throws IOException {
        String head = "apiVersion: lvmops/v1\n";
        String comments = ("#" + "x".repeat(1000) + "\n").repeat(1100); // 1.05 MiB of comments
        Path big = Files.writeString(dir.resolve("big.yaml"), head + comments);
        assertThat(SpecLoader.load(big).errors()).extracting(SpecError::toString).containsExactly(
                big + ": the file is 1.1 MiB; a spec file may be at most 1 MiB (refused before parsing)");
        String fits = head + ("#" + "x".repeat(1000) + "\n").repeat(1000);
        assertThat(SpecLoader.load(Files.writeString(dir.resolve("fits.yaml"), fits)).errors()).isEmpty();
    }

    @Test
    void aLongLineIsRefusedWithItsLineNumber() {
        String yaml = "apiVersion: lvmops/v1\nnodes:\n  - name: n1\n    host: " + "h".repeat(8 << 20) + "\n";
        assertThat(SpecTexts.errors(yaml)).containsExactly(
                "spec.yaml:4:1: line 4 is longer than 64 KiB; a spec line may be at most 64 KiB (refused before parsing)");
    }

    @Test
    void aLineJustUnderTheLimitIsParsed() {
        String yaml = SpecTexts.VALID + "# " + "c".repeat((64 << 10) - 2) + "\n";
        assertThat(SpecTexts.errors(yaml)).isEmpty();
    }

    @Test
    void theSameLimitsApplyToTextsAlreadyRead() {
        // Git blobs and the daemon's configuration come as text
        String blob = "apiVersion: lvmops/v1\n" + "# comment\n".repeat(120_000);
        assertThat(SpecLoader.load(Map.of("3f2a9c1:spec/big.yaml", blob)).errors()).extracting(SpecError::toString)
                .containsExactly("3f2a9c1:spec/big.yaml: the file is 1.1 MiB; a spec file may be at most 1 MiB (refused before parsing)");
        assertThat(SpecLimits.problem("x", "é".repeat(600_000))).isNotNull(); // 1.2 MB in UTF-8, 600 000 chars
    }

    @Test
    void aSymbolicLinkInASpecDirectoryIsNotFollowed() throws IOException {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "apiVersion: lvmops/v1\nnodes:\n  - {name: n1, host: h}\n");
        Path specDir = Files.createDirectory(dir.resolve("spec"));
        Files.writeString(specDir.resolve("a.yaml"), "apiVersion: lvmops/v1\n");
        Files.createSymbolicLink(specDir.resolve("b.yaml"), outside);
        assertThat(SpecLoader.load(specDir).errors()).extracting(SpecError::toString).containsExactly(
                specDir.resolve("b.yaml") + ": is a symbolic link; links in a spec directory are not followed (copy the file in)");
    }
}
