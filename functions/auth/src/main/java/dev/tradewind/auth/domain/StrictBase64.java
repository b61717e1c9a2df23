package dev.tradewind.auth.domain;

import java.util.Arrays;
import java.util.Base64;

/**
 * Unpadded base64 (URL-safe for JOSE and opaque tokens, standard alphabet for PHC strings) that
 * accepts only the canonical spelling of each byte string.
 *
 * <p>The JDK decoders accept padding and ignore non-zero trailing bits, so several strings decode to
 * the same bytes. Accepting only one spelling keeps tokens and stored hashes unambiguous (a token
 * string is also usable as a cache or log key). Error messages never echo the input.
 */
public final class StrictBase64 {

    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Encoder STD_ENCODER = Base64.getEncoder().withoutPadding();

    private StrictBase64() {
    }

    public static String encodeUrl(byte[] bytes) {
        return URL_ENCODER.encodeToString(bytes);
    }

    public static String encodeStandard(byte[] bytes) {
        return STD_ENCODER.encodeToString(bytes);
    }

    /** Decodes unpadded base64url, rejecting any other alphabet, padding or non-canonical form. */
    public static byte[] decodeUrl(CharSequence text) {
        return decode(text, '-', '_', Base64.getUrlDecoder(), URL_ENCODER);
    }

    /** Decodes unpadded standard base64, rejecting any other alphabet, padding or non-canonical form. */
    public static byte[] decodeStandard(CharSequence text) {
        return decode(text, '+', '/', Base64.getDecoder(), STD_ENCODER);
    }

    private static byte[] decode(CharSequence text, char c62, char c63, Base64.Decoder decoder,
            Base64.Encoder encoder) {
        int length = text.length();
        // A single leftover character cannot encode a whole byte.
        if (length % 4 == 1) {
            throw new IllegalArgumentException("invalid base64 length");
        }
        byte[] ascii = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == c62 || c == c63;
            if (!ok) {
                throw new IllegalArgumentException("invalid base64 character");
            }
            ascii[i] = (byte) c;
        }
        byte[] decoded = decoder.decode(ascii);
        if (!Arrays.equals(encoder.encode(decoded), ascii)) {
            throw new IllegalArgumentException("non-canonical base64");
        }
        return decoded;
    }
}
