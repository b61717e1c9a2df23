package dev.tradewind.auth.domain.password;

import java.text.Normalizer;

/** The one place that decides which form of a password is measured, compared and hashed. */
final class PasswordText {

    private PasswordText() {
    }

    /**
     * NFC, per NIST SP 800-63B-4 §3.1.1.2 (revision 3 allowed NFKC/NFKD; revision 4 says NFC) and
     * RFC 8265's OpaqueString profile, so a password typed as composed or decomposed accents
     * verifies either way. Changing this would invalidate stored hashes of non-ASCII passwords.
     */
    static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFC);
    }
}
