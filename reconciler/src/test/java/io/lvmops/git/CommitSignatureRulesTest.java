package io.lvmops.git;

import io.lvmops.git.OpenPgpTestKeys.Key;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a signature must be besides mathematically valid: a modern hash (not SHA-1), by a key that is neither
 * expired nor revoked, and by a key (a subkey in particular) whose key flags allow signing data. Keys and
 * signatures are made with Bouncy Castle ({@link OpenPgpTestKeys}), commits with JGit in a bare repository that is
 * then fetched over file:// as any remote.
 */
class CommitSignatureRulesTest {
    static final Instant NOW = Instant.now();

    @TempDir
    Path tmp;
    Path remote;

    @BeforeEach
    void bareRemote() throws Exception {
        remote = OpenPgpTestKeys.bareRepository(tmp.resolve("remote.git"));
    }

    /** Commits (on main of the remote) a spec signed by {@code key} with {@code hash}; returns the commit id. */
    private String signedCommit(Key key, int hash, Instant signedAt) throws Exception {
        return OpenPgpTestKeys.commit(remote, key, hash, signedAt,
                java.util.Map.of("nodes.yaml", SpecTexts.NODES + SpecTexts.STORAGE));
    }

    private String check(Path keyring) {
        try (GitSpecSource source = new GitSpecSource("file://" + remote, tmp.resolve("cache"), GitCredentials.NONE)) {
            source.fetch();
            return CommitSignatures.requireSignedBy(source.repository(), source.resolve("main"), keyring);
        }
    }

    @Test
    void aSha256SignatureByAValidPrimaryKeyOrSigningSubkeyIsAccepted() throws Exception {
        Key alice = OpenPgpTestKeys.primary("Alice <alice@example.com>", NOW.minus(Duration.ofDays(1)), 0,
                OpenPgpTestKeys.SIGN);
        Path keyring = alice.export(tmp.resolve("alice.asc"));
        signedCommit(alice, HashAlgorithmTags.SHA256, NOW);
        assertThat(check(keyring)).startsWith("good OpenPGP signature by ").endsWith(" Alice <alice@example.com>");
        for (int strong : new int[] {HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512}) {
            signedCommit(alice, strong, NOW);
            assertThat(check(keyring)).startsWith("good OpenPGP signature by ");
        }

        Key bob = OpenPgpTestKeys.withSubkey("Bob <bob@example.com>", KeyFlags.SIGN_DATA, 0,
                NOW.minus(Duration.ofDays(1)));
        Path bobs = bob.export(tmp.resolve("bob.asc"));
        signedCommit(bob, HashAlgorithmTags.SHA256, NOW);
        assertThat(check(bobs)).startsWith("good OpenPGP signature by ").endsWith(" Bob <bob@example.com>");
    }

    @Test
    void aSha1SignatureIsRefusedEvenByATrustedKey() throws Exception {
        Key alice = OpenPgpTestKeys.primary("Alice <alice@example.com>", NOW.minus(Duration.ofDays(1)), 0,
                OpenPgpTestKeys.SIGN);
        Path keyring = alice.export(tmp.resolve("alice.asc"));
        String sha = signedCommit(alice, HashAlgorithmTags.SHA1, NOW);
        assertThatThrownBy(() -> check(keyring)).isInstanceOf(GitSpecException.class)
                .hasMessage("refusing main@sha1:" + sha + ": its signature by key " + alice.signerKeyId()
                        + " uses SHA1, a hash with known collision attacks; sign with SHA-256 or stronger "
                        + "(gpg: --digest-algo SHA256)");
    }

    @Test
    void aKeyExpiredNowIsRefusedEvenIfItWasValidWhenItSigned() throws Exception {
        // Created 3 days ago, valid for 2 days: it signed 2.5 days ago, while valid, and has expired since.
        Instant created = NOW.minus(Duration.ofDays(3));
        Key alice = OpenPgpTestKeys.primary("Alice <alice@example.com>", created, Duration.ofDays(2).toSeconds(),
                OpenPgpTestKeys.SIGN);
        Path keyring = alice.export(tmp.resolve("alice.asc"));
        String sha = signedCommit(alice, HashAlgorithmTags.SHA256, NOW.minus(Duration.ofHours(60)));
        String expiry = created.plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        assertThatThrownBy(() -> check(keyring)).isInstanceOf(GitSpecException.class)
                .hasMessage("refusing main@sha1:" + sha + ": it is signed by key " + alice.signerKeyId()
                        + ", which expired at " + expiry + " (a key must be valid when the revision is used)");

        // The same for a signing subkey that expired, under a primary key that did not.
        Key bob = OpenPgpTestKeys.withSubkey("Bob <bob@example.com>", KeyFlags.SIGN_DATA,
                Duration.ofDays(2).toSeconds(), created);
        Path bobs = bob.export(tmp.resolve("bob.asc"));
        String bobSha = signedCommit(bob, HashAlgorithmTags.SHA256, NOW.minus(Duration.ofHours(60)));
        assertThatThrownBy(() -> check(bobs)).isInstanceOf(GitSpecException.class)
                .hasMessage("refusing main@sha1:" + bobSha + ": it is signed by key " + bob.signerKeyId()
                        + ", which expired at " + expiry + " (a key must be valid when the revision is used)");
    }

    @Test
    void aRevokedKeyIsRefused() throws Exception {
        Key alice = OpenPgpTestKeys.primary("Alice <alice@example.com>", NOW.minus(Duration.ofDays(1)), 0,
                OpenPgpTestKeys.SIGN);
        String sha = signedCommit(alice, HashAlgorithmTags.SHA256, NOW);
        Path revoked = alice.revoked().export(tmp.resolve("revoked.asc"));
        assertThatThrownBy(() -> check(revoked)).isInstanceOf(GitSpecException.class)
                .hasMessage("refusing main@sha1:" + sha + ": it is signed by key " + alice.signerKeyId()
                        + ", which is revoked in " + revoked);
        // A signing subkey whose primary key is revoked is refused too.
        Key bob = OpenPgpTestKeys.withSubkey("Bob <bob@example.com>", KeyFlags.SIGN_DATA, 0,
                NOW.minus(Duration.ofDays(1)));
        String bobSha = signedCommit(bob, HashAlgorithmTags.SHA256, NOW);
        Path bobRevoked = bob.revoked().export(tmp.resolve("bob-revoked.asc"));
        assertThatThrownBy(() -> check(bobRevoked)).isInstanceOf(GitSpecException.class)
                .hasMessage("refusing main@sha1:" + bobSha + ": it is signed by key " + bob.signerKeyId()
                        + ", which is revoked in " + bobRevoked);
    }

    @Test
    void aSubkeyWithoutTheSignFlagIsRefused() throws Exception {
        // An encryption subkey (ECDSA here, so it can technically sign) used to sign a commit.
        Key bob = OpenPgpTestKeys.withSubkey("Bob <bob@example.com>",
                KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE, 0, NOW.minus(Duration.ofDays(1)));
        Path keyring = bob.export(tmp.resolve("bob.asc"));
        String sha = signedCommit(bob, HashAlgorithmTags.SHA256, NOW);
        assertThatThrownBy(() -> check(keyring)).isInstanceOf(GitSpecException.class)
                .hasMessage("refusing main@sha1:" + sha + ": it is signed by subkey " + bob.signerKeyId()
                        + ", whose key flags do not allow signing data (it is not a signing key)");

        // A primary key whose self-signature allows certifying only.
        Key carol = OpenPgpTestKeys.primary("Carol <carol@example.com>", NOW.minus(Duration.ofDays(1)), 0,
                KeyFlags.CERTIFY_OTHER);
        Path carols = carol.export(tmp.resolve("carol.asc"));
        String carolSha = signedCommit(carol, HashAlgorithmTags.SHA256, NOW);
        assertThatThrownBy(() -> check(carols)).isInstanceOf(GitSpecException.class)
                .hasMessage("refusing main@sha1:" + carolSha + ": it is signed by key " + carol.signerKeyId()
                        + ", whose key flags do not allow signing data (it is not a signing key)");
    }

    @Test
    void aSubkeyAppendedToATrustedKeyWithoutItsBindingIsRefused() throws Exception {
        // Mallory appends her own signing subkey (bound by her primary key) to Alice's key, as anyone can on a key
        // server, and signs with it.
        Key alice = OpenPgpTestKeys.primary("Alice <alice@example.com>", NOW.minus(Duration.ofDays(1)), 0,
                OpenPgpTestKeys.SIGN);
        Key mallory = OpenPgpTestKeys.withSubkey("Alice <alice@example.com>", KeyFlags.SIGN_DATA, 0,
                NOW.minus(Duration.ofDays(1)));
        Key grafted = new Key(org.bouncycastle.openpgp.PGPPublicKeyRing.insertPublicKey(alice.ring(),
                mallory.signerPublic()), mallory.signerPublic(), mallory.signer(), mallory.primary());
        Path keyring = grafted.export(tmp.resolve("alice-grafted.asc"));
        String sha = signedCommit(grafted, HashAlgorithmTags.SHA256, NOW);
        assertThatThrownBy(() -> check(keyring)).isInstanceOf(GitSpecException.class)
                .hasMessage("refusing main@sha1:" + sha + ": it is signed by subkey " + mallory.signerKeyId()
                        + ", which has no valid binding signature by its primary key " + alice.signerKeyId() + " in "
                        + keyring);
    }
}
