package io.lvmops.git;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real keys made by gpg and ssh-keygen, commits signed by the real {@code git commit -S}, checked by
 * {@link CommitSignatures} on the cached clone, and end to end through {@code validate --require-signed-by}.
 */
class CommitSignaturesTest {
    @TempDir
    Path tmp;
    GitCli cli;
    Path gnupg;
    Path remote;
    Path work;

    @BeforeEach
    void repository() throws Exception {
        gnupg = Files.createDirectories(tmp.resolve("g"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        cli = new GitCli(Files.createDirectories(tmp.resolve("home"))).env("GNUPGHOME", gnupg.toString());
        remote = tmp.resolve("remote.git");
        work = tmp.resolve("work");
        cli.git(tmp, "init", "-q", "--bare", "-b", "main", remote.toString());
        cli.git(tmp, "clone", "-q", remote.toString(), work.toString());
        Files.writeString(work.resolve("nodes.yaml"), SpecTexts.NODES);
        Files.writeString(work.resolve("storage.yaml"), SpecTexts.STORAGE);
        cli.git(work, "add", ".");
    }

    @AfterEach
    void stopAgent() {
        cli.run(tmp, "gpgconf", "--kill", "gpg-agent");
    }

    /** Generates a key without passphrase; returns its fingerprint. */
    private String gpgKey(String uid) {
        cli.ok(tmp, "gpg", "--batch", "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never");
        String colons = cli.ok(tmp, "gpg", "--batch", "--with-colons", "--list-keys", uid);
        return colons.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
    }

    private Path export(String fingerprint, String name) throws Exception {
        Path keyring = tmp.resolve(name);
        Files.writeString(keyring, cli.ok(tmp, "gpg", "--batch", "--armor", "--export", fingerprint));
        return keyring;
    }

    private String commitAndPush(String... signArgs) {
        String[] argv = new String[signArgs.length + 4];
        argv[0] = "commit";
        argv[1] = "-q";
        System.arraycopy(signArgs, 0, argv, 2, signArgs.length);
        argv[argv.length - 2] = "-m";
        argv[argv.length - 1] = "spec";
        cli.git(work, argv);
        cli.git(work, "push", "-q", "origin", "main");
        return cli.git(work, "rev-parse", "HEAD").strip();
    }

    private String check(Path keyring) {
        try (GitSpecSource source = new GitSpecSource("file://" + remote, tmp.resolve("cache"), GitCredentials.NONE)) {
            source.fetch();
            return CommitSignatures.requireSignedBy(source.repository(), source.resolve("main"), keyring);
        }
    }

    @Test
    void openPgpSignedByAKeyInTheKeyringIsAcceptedAnotherKeyAndNoSignatureAreRefused() throws Exception {
        String alice = gpgKey("Alice Operator <alice@example.com>");
        String mallory = gpgKey("Mallory <mallory@example.com>");
        Path trusted = export(alice, "trusted.asc");
        Path other = export(mallory, "other.asc");

        String sha = commitAndPush("-S" + alice);
        assertThat(check(trusted)).isEqualTo("good OpenPGP signature by " + alice
                + " Alice Operator <alice@example.com>");
        assertThatThrownBy(() -> check(other)).isInstanceOf(GitSpecException.class)
                .hasMessage("refusing main@sha1:" + sha + ": it is signed by key " + alice.substring(24)
                        + ", which is not in " + other);

        // Both keys in one keyring file (two armored blocks appended): still accepted.
        Path both = tmp.resolve("both.asc");
        Files.writeString(both, Files.readString(other) + Files.readString(trusted));
        assertThat(check(both)).startsWith("good OpenPGP signature by " + alice);

        // The end-to-end path: validate --git --require-signed-by.
        GitDiffHistoryTest.Run ok = GitDiffHistoryTest.lvmops("validate", "--git", remote.toString(),
                "--require-signed-by", trusted.toString(), "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        GitDiffHistoryTest.Run refused = GitDiffHistoryTest.lvmops("validate", "--git", remote.toString(),
                "--require-signed-by", other.toString(), "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("lvmops: error: refusing main@sha1:" + sha + ": it is signed by key "
                + alice.substring(24) + ", which is not in " + other + "\n");
        assertThat(refused.out()).isEmpty();

        Files.writeString(work.resolve("storage.yaml"), SpecTexts.lvs("{name: lv01, vg: vg0, size: 2G, owner: node1}"));
        cli.git(work, "add", ".");
        String unsigned = commitAndPush("--no-gpg-sign");
        assertThatThrownBy(() -> check(trusted)).isInstanceOf(GitSpecException.class)
                .hasMessage("refusing main@sha1:" + unsigned + ": the commit is not signed, and --require-signed-by "
                        + trusted + " asks for a signature");
    }

    @Test
    void aCommitAlteredAfterSigningIsABadSignature() throws Exception {
        String alice = gpgKey("Alice Operator <alice@example.com>");
        Path trusted = export(alice, "trusted.asc");
        commitAndPush("-S" + alice);
        // Same signature header, different message: what an attacker rewriting history would produce.
        Path raw = tmp.resolve("raw");
        Files.writeString(raw, cli.git(work, "cat-file", "commit", "HEAD").replace("\nspec\n", "\nevil\n"));
        String forged = cli.ok(work, "git", "hash-object", "-t", "commit", "-w", raw.toString()).strip();
        cli.git(work, "push", "-q", "-f", "origin", forged + ":refs/heads/main");
        assertThatThrownBy(() -> check(trusted)).isInstanceOf(GitSpecException.class)
                .hasMessage("refusing main@sha1:" + forged + ": BAD signature by key " + alice.substring(24)
                        + " (the commit was altered after signing, or the signature is forged)");
    }

    @Test
    void theSignedPayloadIsTheCommitWithoutItsSignatureHeader() {
        byte[] raw = ("tree 1\nauthor a\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n"
                + "committer c\n\nmessage\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new String(CommitSignatures.signedPayload(raw), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("tree 1\nauthor a\ncommitter c\n\nmessage\n");
    }

    @Test
    void sshSignaturesAreCheckedAgainstAnAllowedSignersFile() throws Exception {
        Path key = tmp.resolve("id_ed25519");
        cli.ok(tmp, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "alice", "-f", key.toString());
        Path otherKey = tmp.resolve("id_other");
        cli.ok(tmp, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "other", "-f", otherKey.toString());
        cli.git(work, "config", "gpg.format", "ssh");
        cli.git(work, "config", "user.signingkey", key + ".pub");
        String sha = commitAndPush("-S");
        Path allowed = tmp.resolve("allowed_signers");
        Files.writeString(allowed, "alice@example.com " + Files.readString(Path.of(key + ".pub")));
        assertThat(check(allowed)).startsWith("good SSH signature by SHA256:");
        Path notAllowed = tmp.resolve("other_signers");
        Files.writeString(notAllowed, "alice@example.com " + Files.readString(Path.of(otherKey + ".pub")));
        assertThatThrownBy(() -> check(notAllowed)).isInstanceOf(GitSpecException.class)
                .hasMessageStartingWith("refusing main@sha1:" + sha + ": its SSH signature is not by a key allowed in "
                        + notAllowed);
    }
}
