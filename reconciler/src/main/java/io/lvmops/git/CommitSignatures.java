package io.lvmops.git;

import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifier.SignatureVerification;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code --require-signed-by KEYRING}: a revision is used only if its commit carries a valid signature by a key in
 * KEYRING. OpenPGP signatures are checked against the public keys in KEYRING ({@code gpg --export [--armor]}, one
 * or more keys) with Bouncy Castle, the OpenPGP library of JGit's gpg.bc; SSH signatures ({@code gpg.format=ssh})
 * through JGit's own SSH signature verifier with KEYRING as the allowed_signers file.
 *
 * <p>JGit's OpenPGP verifier only looks keys up in the user's GnuPG home; an explicit keyring is what a
 * reconciler needs (the trusted keys are configuration, not whatever the machine's user imported), hence the
 * direct check of the signature over the commit without its signature header, exactly what git signs. A good
 * signature must also pass {@link SigningKeyRules}: no SHA-1, no expired or revoked key, a key allowed to sign.
 */
public final class CommitSignatures {
    private CommitSignatures() {
    }

    /** Returns a one-line description of the good signature, or throws {@link GitSpecException} saying why not. */
    public static String requireSignedBy(Repository repo, Revision revision, Path keyring) {
        return requireSignedBy(repo, revision, keyring, "--require-signed-by");
    }

    /** As {@link #requireSignedBy(Repository, Revision, Path)}; messages name {@code setting}, where KEYRING came from. */
    public static String requireSignedBy(Repository repo, Revision revision, Path keyring, String setting) {
        if (!Files.isReadable(keyring)) {
            throw new GitSpecException(keyring + ": keyring not found or not readable (" + setting + ")");
        }
        RevCommit commit;
        try (RevWalk walk = new RevWalk(repo)) {
            commit = walk.parseCommit(revision.commit());
        } catch (IOException e) {
            throw new GitSpecException("cannot read commit " + revision + ": " + e.getMessage(), e);
        }
        byte[] signature = commit.getRawGpgSignature();
        String refusing = "refusing " + revision + ": ";
        if (signature == null) {
            throw new GitSpecException(refusing + "the commit is not signed, and " + setting + " " + keyring
                    + " asks for a signature");
        }
        GpgConfig.GpgFormat format = SignatureVerifiers.getFormat(signature);
        try {
            return switch (format) {
                case OPENPGP -> verifyOpenPgp(signedPayload(commit.getRawBuffer()), signature, keyring, refusing);
                case SSH -> verifySsh(repo, commit, keyring, refusing);
                default -> throw new GitSpecException(refusing + "the commit has a " + format.toConfigValue()
                        + " signature; only OpenPGP and SSH signatures can be checked");
            };
        } catch (IOException | PGPException e) {
            throw new GitSpecException(refusing + "cannot check its signature against " + keyring + ": "
                    + GitSpecSource.rootMessage(e), e);
        }
    }

    private static String verifyOpenPgp(byte[] payload, byte[] signatureBytes, Path keyring, String refusing)
            throws IOException, PGPException {
        PGPSignature sig = parseSignature(signatureBytes);
        if (sig == null) {
            throw new GitSpecException(refusing + "its signature is not a readable OpenPGP signature");
        }
        List<PGPPublicKeyRing> rings = readKeyrings(keyring);
        if (rings.isEmpty()) {
            throw new GitSpecException(keyring + ": no OpenPGP public key in it (export one with "
                    + "'gpg --export --armor KEYID > " + keyring.getFileName() + "')");
        }
        String keyId = String.format("%016X", sig.getKeyID());
        for (PGPPublicKeyRing ring : rings) {
            PGPPublicKey key = ring.getPublicKey(sig.getKeyID());
            if (key == null) {
                continue;
            }
            sig.init(new JcaPGPContentVerifierBuilderProvider().setProvider(new BouncyCastleProvider()), key);
            sig.update(payload);
            if (!sig.verify()) {
                throw new GitSpecException(refusing + "BAD signature by key " + keyId + " (the commit was altered "
                        + "after signing, or the signature is forged)");
            }
            SigningKeyRules.check(ring, key, sig, keyring, refusing, Instant.now());
            String user = ring.getPublicKey().getUserIDs().hasNext() ? ring.getPublicKey().getUserIDs().next() : "";
            return "good OpenPGP signature by " + HexFormat.of().withUpperCase()
                    .formatHex(ring.getPublicKey().getFingerprint()) + (user.isEmpty() ? "" : " " + user);
        }
        throw new GitSpecException(refusing + "it is signed by key " + keyId + ", which is not in " + keyring);
    }

    private static String verifySsh(Repository repo, RevCommit commit, Path keyring, String refusing)
            throws IOException {
        SignatureVerifier verifier = SignatureVerifiers.get(GpgConfig.GpgFormat.SSH);
        if (verifier == null) {
            throw new GitSpecException(refusing + "it has an SSH signature and this lvmops has no SSH signature "
                    + "verifier");
        }
        Config config = new Config();
        config.setString("gpg", "ssh", "allowedSignersFile", keyring.toAbsolutePath().toString());
        SignatureVerification v = verifier.verify(repo, new GpgConfig(config), signedPayload(commit.getRawBuffer()),
                commit.getRawGpgSignature());
        if (v == null || !v.verified()) {
            throw new GitSpecException(refusing + "its SSH signature is not by a key allowed in " + keyring
                    + (v == null || v.message() == null ? "" : " (" + v.message() + ")"));
        }
        return "good SSH signature by " + v.keyFingerprint() + (v.signer() == null ? "" : " " + v.signer());
    }

    private static PGPSignature parseSignature(byte[] bytes) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
            Object o = new JcaPGPObjectFactory(in).nextObject();
            if (o instanceof PGPSignatureList list && !list.isEmpty()) {
                return list.get(0);
            }
            return null;
        }
    }

    /** Every public key ring in the file: binary or ASCII-armored, one or several armored blocks. */
    private static List<PGPPublicKeyRing> readKeyrings(Path keyring) throws IOException {
        byte[] bytes = Files.readAllBytes(keyring);
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try (InputStream raw = new ByteArrayInputStream(bytes)) {
            InputStream in = PGPUtil.getDecoderStream(raw);
            while (true) {
                JcaPGPObjectFactory factory = new JcaPGPObjectFactory(in);
                Object o;
                boolean any = false;
                while ((o = nextQuietly(factory)) != null) {
                    any = true;
                    if (o instanceof PGPPublicKeyRing ring) {
                        rings.add(ring);
                    }
                }
                // Several armored blocks (keys appended with cat): continue with the next one.
                if (!(in instanceof ArmoredInputStream armored) || !any || armored.isEndOfStream()
                        && raw.available() == 0) {
                    break;
                }
                in = PGPUtil.getDecoderStream(raw);
            }
        }
        return rings;
    }

    private static Object nextQuietly(JcaPGPObjectFactory f) {
        try {
            return f.nextObject();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * What git signed: the raw commit without its {@code gpgsig} header (and the header's continuation lines, which
     * start with a space).
     */
    static byte[] signedPayload(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int i = 0;
        boolean inSignature = false;
        while (i < raw.length) {
            int end = i;
            while (end < raw.length && raw[end] != '\n') {
                end++;
            }
            int lineEnd = Math.min(end + 1, raw.length);
            if (end == i) {
                out.write(raw, i, raw.length - i);   // the blank line ending the headers, and the message
                break;
            }
            String start = new String(raw, i, Math.min(14, end - i), java.nio.charset.StandardCharsets.US_ASCII)
                    .toLowerCase(Locale.ROOT);
            if (start.startsWith("gpgsig ") || start.startsWith("gpgsig-sha256 ")) {
                inSignature = true;
            } else if (!(inSignature && raw[i] == ' ')) {
                inSignature = false;
                out.write(raw, i, lineEnd - i);
            }
            i = lineEnd;
        }
        return out.toByteArray();
    }
}
