package dev.tradewind.auth.domain.password;

import static dev.tradewind.auth.domain.password.PasswordViolation.COMMON;
import static dev.tradewind.auth.domain.password.PasswordViolation.TOO_LONG;
import static dev.tradewind.auth.domain.password.PasswordViolation.TOO_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    private final PasswordPolicy policy = PasswordPolicy.standard();

    @Test
    void check_longUncommonPassphrase_accepted() {
        assertEquals(Set.of(), policy.check("maple tractor lantern 42"));
    }

    @Test
    void check_lengthBoundaries() {
        assertEquals(10, policy.minCodePoints());
        assertEquals(128, policy.maxCodePoints());
        assertEquals(Set.of(TOO_SHORT), policy.check("zq8#vk2m!"));
        assertEquals(Set.of(), policy.check("zq8#vk2m!x"));
        assertEquals(Set.of(), policy.check("zq8#vk2m!x".repeat(12) + "abcdefgh"));
        assertEquals(Set.of(TOO_LONG), policy.check("zq8#vk2m!x".repeat(12) + "abcdefghi"));
    }

    @Test
    void check_countsCodePointsNotUtf16Chars() {
        String tenEmoji = "\uD83D\uDE00".repeat(10);
        String nineEmoji = "\uD83D\uDE00".repeat(9);

        assertEquals(Set.of(), policy.check(tenEmoji));
        assertEquals(Set.of(TOO_SHORT), policy.check(nineEmoji));
        assertEquals(18, nineEmoji.length());
    }

    @Test
    void check_countsAfterNfcNormalisation() {
        // Ten code points as typed, eight once each "e + combining acute" becomes one "é".
        assertEquals(Set.of(TOO_SHORT), policy.check("cafe\u0301 re\u0301su"));
    }

    @Test
    void samePassword_comparesTheNormalisedForms() {
        assertTrue(policy.samePassword("cafe\u0301 cre\u0300me", "caf\u00e9 cr\u00e8me"));
        assertFalse(policy.samePassword("caf\u00e9 cr\u00e8me", "cafe cre\u0300me"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password123", "PassWord123", "QWERTYUIOP", "1234567890", "1q2w3e4r5t", "basketball"})
    void check_commonPassword_rejectedIgnoringCase(String password) {
        assertEquals(Set.of(COMMON), policy.check(password));
    }

    @Test
    void check_shortAndCommon_reportsBoth() {
        assertEquals(Set.of(TOO_SHORT, COMMON), policy.check("password"));
    }

    @Test
    void check_nullOrBeyondHasherLimit() {
        assertEquals(Set.of(TOO_SHORT), policy.check(null));
        assertEquals(Set.of(TOO_LONG), policy.check("x".repeat(PasswordHasher.MAX_PASSWORD_CHARS + 1)));
    }

    @Test
    void bundledList_isSizeableLowerCaseAndDocumented() throws Exception {
        List<String> lines;
        try (var reader = new BufferedReader(new InputStreamReader(
                PasswordPolicy.class.getResourceAsStream("common-passwords.txt"), StandardCharsets.UTF_8))) {
            lines = reader.lines().toList();
        }

        assertTrue(lines.size() >= 10_000 && lines.size() <= 100_000, "list size " + lines.size());
        assertTrue(lines.stream().allMatch(line -> !line.isEmpty() && line.equals(line.toLowerCase(Locale.ROOT))));
        assertEquals(lines.size(), Set.copyOf(lines).size());
        assertNotNull(PasswordPolicy.class.getResource("README.md"));
    }
}
