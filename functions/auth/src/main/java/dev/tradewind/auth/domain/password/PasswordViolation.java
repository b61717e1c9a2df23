package dev.tradewind.auth.domain.password;

/** Why a new password was refused; each maps to one clear 422 message. */
public enum PasswordViolation {
    /** Fewer code points than {@link PasswordPolicy#minCodePoints()}. */
    TOO_SHORT,
    /** More code points than {@link PasswordPolicy#maxCodePoints()}. */
    TOO_LONG,
    /** Appears, ignoring case, in the bundled list of commonly used passwords. */
    COMMON
}
