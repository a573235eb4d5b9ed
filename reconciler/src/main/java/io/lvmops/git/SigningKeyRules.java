package io.lvmops.git;

import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;

/**
 * What a mathematically good OpenPGP signature over a commit must also be before lvmops trusts it, as gpg judges it
 * (and stricter where noted):
 * <ul>
 *   <li>made with a hash without known collision attacks: SHA-1 (and MD5, RIPEMD-160) is refused, since whoever
 *       gets a SHA-1 signature on one commit could present it on another with the same digest;</li>
 *   <li>by a key not revoked (a revocation in the keyring, of the key or of its primary key) and not expired
 *       <em>now</em>: stricter than gpg, which accepts a signature made before the key expired (EXPKEYSIG). A
 *       revision is applied now, so the key must be valid now; a rotated key stops being trusted when it expires,
 *       instead of forever for everything dated before that;</li>
 *   <li>by a key allowed to sign data: a subkey only with the sign flag in its binding signature (an encryption
 *       subkey of a signing algorithm can sign mathematically, but its owner never meant it to), a primary key
 *       unless its self-signature's key flags leave signing out;</li>
 *   <li>by a subkey bound to its primary key by a valid binding signature (a subkey anyone appended to a trusted key
 *       on a key server is not that key's subkey). Only self-signatures that verify are read for flags and expiry.</li>
 * </ul>
 */
final class SigningKeyRules {
    private static final Set<Integer> STRONG_HASHES = Set.of(HashAlgorithmTags.SHA224, HashAlgorithmTags.SHA256,
            HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA3_224, HashAlgorithmTags.SHA3_256,
            HashAlgorithmTags.SHA3_384, HashAlgorithmTags.SHA3_512);
    private static final int[] SELF_CERTIFICATIONS = {PGPSignature.POSITIVE_CERTIFICATION,
        PGPSignature.CASUAL_CERTIFICATION, PGPSignature.NO_CERTIFICATION, PGPSignature.DEFAULT_CERTIFICATION};
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private SigningKeyRules() {
    }

    /** Throws {@link GitSpecException} (starting with {@code refusing}) naming the key when a rule is broken. */
    static void check(PGPPublicKeyRing ring, PGPPublicKey key, PGPSignature signature, Path keyring, String refusing,
                      Instant now) throws PGPException {
        String keyId = String.format("%016X", key.getKeyID());
        PGPPublicKey primary = ring.getPublicKey();
        boolean subkey = key.getKeyID() != primary.getKeyID();
        if (key.hasRevocation() || primary.hasRevocation()) {
            throw new GitSpecException(refusing + "it is signed by key " + keyId + ", which is revoked in " + keyring);
        }
        PGPSignature primarySelf = latestSelfSignature(primary);
        if (primarySelf == null) {
            throw new GitSpecException(refusing + "it is signed by key " + keyId + ", whose primary key "
                    + String.format("%016X", primary.getKeyID()) + " has no valid self-signature in " + keyring);
        }
        PGPSignature binding = subkey ? latestBinding(primary, key) : primarySelf;
        if (binding == null) {
            throw new GitSpecException(refusing + "it is signed by subkey " + keyId + ", which has no valid binding "
                    + "signature by its primary key " + String.format("%016X", primary.getKeyID()) + " in " + keyring);
        }
        Instant primaryExpiry = expiry(primary, primarySelf);
        Instant keyExpiry = subkey ? expiry(key, binding) : primaryExpiry;
        for (Instant expiry : new Instant[] {keyExpiry, primaryExpiry}) {
            if (expiry != null && !now.isBefore(expiry)) {
                throw new GitSpecException(refusing + "it is signed by key " + keyId + ", which expired at " + expiry
                        + " (a key must be valid when the revision is used)");
            }
        }
        PGPSignatureSubpacketVector hashed = binding.getHashedSubPackets();
        boolean hasFlags = hashed != null && hashed.hasSubpacket(SignatureSubpacketTags.KEY_FLAGS);
        boolean maySign = hasFlags ? (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) != 0 : !subkey;
        if (!maySign) {
            throw new GitSpecException(refusing + "it is signed by " + (subkey ? "subkey " : "key ") + keyId
                    + ", whose key flags do not allow signing data (it is not a signing key)");
        }
        if (!STRONG_HASHES.contains(signature.getHashAlgorithm())) {
            throw new GitSpecException(refusing + "its signature by key " + keyId + " uses "
                    + hashName(signature.getHashAlgorithm()) + ", a hash with known collision attacks; sign with "
                    + "SHA-256 or stronger (gpg: --digest-algo SHA256)");
        }
    }

    private static String hashName(int algorithm) {
        try {
            return PGPUtil.getDigestName(algorithm);
        } catch (PGPException e) {
            return "hash algorithm " + algorithm;
        }
    }

    /** Creation time plus the key expiration time of its self-signature; null if it never expires. */
    private static Instant expiry(PGPPublicKey key, PGPSignature self) {
        PGPSignatureSubpacketVector hashed = self.getHashedSubPackets();
        long seconds = hashed == null ? 0 : hashed.getKeyExpirationTime();
        return seconds <= 0 ? null : key.getCreationTime().toInstant().plusSeconds(seconds);
    }

    /** The newest self-certification of a user id, or direct-key signature, that verifies; null if none does. */
    private static PGPSignature latestSelfSignature(PGPPublicKey primary) throws PGPException {
        PGPSignature latest = null;
        for (Iterator<String> ids = primary.getUserIDs(); ids.hasNext(); ) {
            String id = ids.next();
            for (Iterator<PGPSignature> sigs = primary.getSignaturesForID(id); sigs != null && sigs.hasNext(); ) {
                PGPSignature s = sigs.next();
                if (isSelfCertification(s, primary) && verifies(s, primary, () -> s.verifyCertification(id, primary))) {
                    latest = newer(latest, s);
                }
            }
        }
        for (Iterator<PGPSignature> sigs = primary.getSignaturesOfType(PGPSignature.DIRECT_KEY); sigs.hasNext(); ) {
            PGPSignature s = sigs.next();
            if (s.getKeyID() == primary.getKeyID() && verifies(s, primary, () -> s.verifyCertification(primary))) {
                latest = newer(latest, s);
            }
        }
        return latest;
    }

    private static PGPSignature latestBinding(PGPPublicKey primary, PGPPublicKey subkey) throws PGPException {
        PGPSignature latest = null;
        for (Iterator<PGPSignature> sigs = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING); sigs.hasNext(); ) {
            PGPSignature s = sigs.next();
            if (s.getKeyID() == primary.getKeyID()
                    && verifies(s, primary, () -> s.verifyCertification(primary, subkey))) {
                latest = newer(latest, s);
            }
        }
        return latest;
    }

    private static boolean isSelfCertification(PGPSignature s, PGPPublicKey primary) {
        if (s.getKeyID() != primary.getKeyID()) {
            return false;
        }
        for (int type : SELF_CERTIFICATIONS) {
            if (s.getSignatureType() == type) {
                return true;
            }
        }
        return false;
    }

    private interface Verification {
        boolean run() throws PGPException;
    }

    private static boolean verifies(PGPSignature s, PGPPublicKey signer, Verification verification)
            throws PGPException {
        s.init(new JcaPGPContentVerifierBuilderProvider().setProvider(BC), signer);
        try {
            return verification.run();
        } catch (PGPException | RuntimeException e) {
            return false;   // a malformed self-signature is no self-signature
        }
    }

    private static PGPSignature newer(PGPSignature a, PGPSignature b) {
        return a == null || b.getCreationTime().after(a.getCreationTime()) ? b : a;
    }
}
