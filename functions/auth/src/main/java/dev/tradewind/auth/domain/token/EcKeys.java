package dev.tradewind.auth.domain.token;

import dev.tradewind.auth.domain.StrictBase64;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/** P-256 key plumbing shared by {@link SigningKey}, {@link Jwks} and the JWT classes. */
final class EcKeys {

    /** Byte length of a P-256 field element, i.e. of each JWK coordinate (RFC 7518 §6.2.1.2). */
    static final int COORDINATE_BYTES = 32;

    private EcKeys() {
    }

    /** Lazy holder: the curve is a public constant, so sharing it across SnapStart clones is fine. */
    private static final class P256 {
        static final ECParameterSpec SPEC = load();

        private static ECParameterSpec load() {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec("secp256r1"));
                return parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JDK lacks P-256", e);
            }
        }
    }

    static ECParameterSpec p256() {
        return P256.SPEC;
    }

    /** Rejects keys on any curve other than P-256, the only curve ES256 allows. */
    static void requireP256(ECKey key) {
        ECParameterSpec spec = key.getParams();
        ECParameterSpec p256 = P256.SPEC;
        boolean same = spec.getCurve().equals(p256.getCurve())
                && spec.getGenerator().equals(p256.getGenerator())
                && spec.getOrder().equals(p256.getOrder())
                && spec.getCofactor() == p256.getCofactor();
        if (!same) {
            throw new IllegalArgumentException("key is not on P-256");
        }
    }

    /**
     * Fixed-width unsigned big-endian encoding. {@link BigInteger#toByteArray()} adds a sign byte
     * when the top bit is set and drops leading zero bytes, so it is 31 to 33 bytes for P-256.
     */
    static byte[] coordinate(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > COORDINATE_BYTES * 8) {
            throw new IllegalArgumentException("coordinate out of range");
        }
        byte[] minimal = value.toByteArray();
        byte[] fixed = new byte[COORDINATE_BYTES];
        int copy = Math.min(minimal.length, COORDINATE_BYTES);
        System.arraycopy(minimal, minimal.length - copy, fixed, COORDINATE_BYTES - copy, copy);
        return fixed;
    }

    static String x(ECPublicKey key) {
        return StrictBase64.encodeUrl(coordinate(key.getW().getAffineX()));
    }

    static String y(ECPublicKey key) {
        return StrictBase64.encodeUrl(coordinate(key.getW().getAffineY()));
    }

    /**
     * RFC 7638 JWK thumbprint: base64url(SHA-256) of the required members in lexicographic order
     * with no whitespace. Built by hand because the exact bytes are the contract.
     */
    static String thumbprint(ECPublicKey key) {
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x(key) + "\",\"y\":\"" + y(key) + "\"}";
        return StrictBase64.encodeUrl(sha256(canonical.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Builds a public key from JWK coordinates, checking that the point lies on P-256 (the JDK
     * key factory does not promise to).
     */
    static ECPublicKey publicKey(byte[] x, byte[] y) {
        if (x.length != COORDINATE_BYTES || y.length != COORDINATE_BYTES) {
            throw new IllegalArgumentException("P-256 coordinates must be 32 bytes");
        }
        ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
        requireOnCurve(point);
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256.SPEC));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid P-256 public key");
        }
    }

    static ECPublicKey decodePublic(byte[] spki) {
        ECPublicKey key;
        try {
            key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("invalid EC public key encoding");
        }
        requireP256(key);
        requireOnCurve(key.getW());
        return key;
    }

    static ECPrivateKey decodePrivate(byte[] pkcs8) {
        ECPrivateKey key;
        try {
            key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | ClassCastException e) {
            // The message must not carry key material, so the cause is dropped as well.
            throw new IllegalArgumentException("invalid EC private key encoding");
        }
        requireP256(key);
        return key;
    }

    private static void requireOnCurve(ECPoint point) {
        EllipticCurve curve = P256.SPEC.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x == null || x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
            throw new IllegalArgumentException("point is not on P-256");
        }
        // y^2 == x^3 + a*x + b (mod p)
        BigInteger rhs = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        if (!y.modPow(BigInteger.TWO, p).equals(rhs)) {
            throw new IllegalArgumentException("point is not on P-256");
        }
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }
}
