package dev.tradewind.auth.domain.token;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * ECDSA P-256 / SHA-256 in the JOSE signature form: R and S as two 32-byte big-endian integers,
 * concatenated (RFC 7518 §3.4). The JDK's P1363 variant produces exactly that, so no DER
 * conversion is needed.
 */
final class Es256 {

    static final int SIGNATURE_BYTES = 64;
    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";

    private Es256() {
    }

    /**
     * @param random source of the per-signature ECDSA nonce; must not be a generator whose state
     *               could be cloned (e.g. captured in a SnapStart snapshot), since a repeated nonce
     *               reveals the private key
     */
    static byte[] sign(ECPrivateKey key, byte[] signingInput, SecureRandom random) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key, random);
            signature.update(signingInput);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
    }

    /** Returns false for any invalid signature, including out-of-range R or S (e.g. all zeros). */
    static boolean verify(ECPublicKey key, byte[] signingInput, byte[] signatureBytes) {
        if (signatureBytes.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(signingInput);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
