package io.lvmops.git;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;

/**
 * OpenPGP keys and detached signatures made with Bouncy Castle, for the cases gpg will not readily produce on demand:
 * a SHA-1 signature, a key created in the past that has expired since, a revoked key, a subkey flagged for
 * encryption only that signs anyway. Keys are ECDSA P-256 (fast to make).
 */
public final class OpenPgpTestKeys {
    public static final BouncyCastleProvider BC = new BouncyCastleProvider();
    public static final int SIGN = KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA;

    /** A key ring and the private key of the key that signs with it (the primary key or a subkey). */
    public record Key(PGPPublicKeyRing ring, PGPPublicKey signerPublic, PGPPrivateKey signer, PGPPrivateKey primary) {
        public String signerKeyId() {
            return String.format("%016X", signerPublic.getKeyID());
        }

        public Path export(Path file) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArmoredOutputStream armored = new ArmoredOutputStream(bytes)) {
                ring.encode(armored);
            }
            return Files.write(file, bytes.toByteArray());
        }

        /** The same key with a key revocation signature (by itself) added to its primary key. */
        public Key revoked() throws PGPException {
            PGPSignatureGenerator g = new PGPSignatureGenerator(new JcaPGPContentSignerBuilder(
                    ring.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256).setProvider(BC), ring.getPublicKey());
            g.init(PGPSignature.KEY_REVOCATION, primary);
            PGPSignature revocation = g.generateCertification(ring.getPublicKey());
            PGPPublicKey revokedPrimary = PGPPublicKey.addCertification(ring.getPublicKey(), revocation);
            return new Key(PGPPublicKeyRing.insertPublicKey(ring, revokedPrimary), signerPublic, signer, primary);
        }
    }

    private OpenPgpTestKeys() {
    }

    static PGPKeyPair ecdsa(Instant created) throws GeneralSecurityException, PGPException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", BC);
        kpg.initialize(new ECGenParameterSpec("P-256"));
        return new JcaPGPKeyPair(PublicKeyAlgorithmTags.ECDSA, kpg.generateKeyPair(), Date.from(created));
    }

    /**
     * A primary key that signs itself.
     *
     * @param validSeconds key expiration time after creation (0: never expires)
     * @param flags        its key flags
     */
    public static Key primary(String uid, Instant created, long validSeconds, int flags) throws Exception {
        PGPKeyPair pair = ecdsa(created);
        PGPKeyRingGenerator g = ringGenerator(uid, pair, validSeconds, flags);
        return new Key(g.generatePublicKeyRing(), pair.getPublicKey(), pair.getPrivateKey(), pair.getPrivateKey());
    }

    /** A primary key (certify only) with one subkey carrying {@code subkeyFlags}; the subkey signs. */
    public static Key withSubkey(String uid, int subkeyFlags, long subkeyValidSeconds, Instant created) throws Exception {
        PGPKeyPair primary = ecdsa(created);
        PGPKeyPair sub = ecdsa(created);
        PGPKeyRingGenerator g = ringGenerator(uid, primary, 0, KeyFlags.CERTIFY_OTHER);
        PGPSignatureSubpacketGenerator binding = new PGPSignatureSubpacketGenerator();
        binding.setKeyFlags(false, subkeyFlags);
        if (subkeyValidSeconds > 0) {
            binding.setKeyExpirationTime(false, subkeyValidSeconds);
        }
        g.addSubKey(sub, binding.generate(), null);
        PGPPublicKeyRing ring = g.generatePublicKeyRing();
        return new Key(ring, ring.getPublicKey(sub.getKeyID()), sub.getPrivateKey(), primary.getPrivateKey());
    }

    private static PGPKeyRingGenerator ringGenerator(String uid, PGPKeyPair pair, long validSeconds, int flags)
            throws PGPException {
        PGPSignatureSubpacketGenerator self = new PGPSignatureSubpacketGenerator();
        self.setKeyFlags(false, flags);
        if (validSeconds > 0) {
            self.setKeyExpirationTime(false, validSeconds);
        }
        return new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, uid,
                new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1), self.generate(), null,
                new JcaPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256)
                        .setProvider(BC), null);
    }

    /** An ASCII-armored detached signature of {@code payload}, as git stores it in a commit's gpgsig header. */
    public static byte[] sign(Key key, int hashAlgorithm, Instant at, byte[] payload) throws Exception {
        PGPSignatureGenerator g = new PGPSignatureGenerator(new JcaPGPContentSignerBuilder(
                key.signerPublic().getAlgorithm(), hashAlgorithm).setProvider(BC), key.signerPublic());
        g.init(PGPSignature.BINARY_DOCUMENT, key.signer());
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(false, Date.from(at));
        hashed.setIssuerFingerprint(false, key.signerPublic());
        g.setHashedSubpackets(hashed.generate());
        PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
        unhashed.setIssuerKeyID(false, key.signerPublic().getKeyID());
        g.setUnhashedSubpackets(unhashed.generate());
        g.update(payload);
        PGPSignature signature = g.generate();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
            signature.encode(armored);
        }
        return bytes.toByteArray();
    }

    /**
     * Commits {@code files} (name to content, at the top of the tree) on main of the bare repository {@code bare},
     * signed by {@code key} with {@code hash} ({@code key} null: unsigned); returns the commit id.
     */
    public static String commit(Path bare, Key key, int hash, Instant at, java.util.Map<String, String> files)
            throws Exception {
        try (org.eclipse.jgit.lib.Repository repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                .setGitDir(bare.toFile()).setBare().build();
             org.eclipse.jgit.lib.ObjectInserter inserter = repo.newObjectInserter()) {
            org.eclipse.jgit.lib.TreeFormatter tree = new org.eclipse.jgit.lib.TreeFormatter();
            for (java.util.Map.Entry<String, String> f : new java.util.TreeMap<>(files).entrySet()) {
                tree.append(f.getKey(), org.eclipse.jgit.lib.FileMode.REGULAR_FILE, inserter.insert(
                        org.eclipse.jgit.lib.Constants.OBJ_BLOB,
                        f.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            org.eclipse.jgit.lib.CommitBuilder commit = new org.eclipse.jgit.lib.CommitBuilder();
            commit.setTreeId(inserter.insert(tree));
            org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent("Alice Operator",
                    "alice@example.com", at, java.time.ZoneOffset.UTC);
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage("spec\n");
            if (key != null) {
                commit.setGpgSignature(new org.eclipse.jgit.lib.GpgSignature(sign(key, hash, at, commit.build())));
            }
            org.eclipse.jgit.lib.ObjectId id = inserter.insert(commit);
            inserter.flush();
            org.eclipse.jgit.lib.RefUpdate main = repo.updateRef("refs/heads/main");
            main.setNewObjectId(id);
            main.forceUpdate();
            return id.name();
        }
    }

    /** A new empty bare repository (default branch main). */
    public static Path bareRepository(Path dir) throws IOException {
        try (org.eclipse.jgit.lib.Repository repo = org.eclipse.jgit.storage.file.FileRepositoryBuilder.create(
                dir.toFile())) {
            repo.create(true);
        }
        return dir;
    }
}
