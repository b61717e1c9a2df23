package dev.tradewind.auth.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAndAddressTest {

    @ParameterizedTest
    @CsvSource({"Ann@Example.COM, ann@example.com", "a.b+tag@sub.example.co.uk, a.b+tag@sub.example.co.uk"})
    void validEmails_areLowerCased(String input, String normalized) {
        assertEquals(Optional.of(normalized), EmailAddress.valid(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann", "ann@", "@example.com", "ann@example", "ann@@example.com", "a n@example.com",
            ".ann@example.com", "ann.@example.com", "a..b@example.com", "ann@-example.com", "ann@example..com",
            " ann@example.com ", "ann@example.com\u2028", "ann@example.com\u0000"})
    void malformedEmails_areRefused(String input) {
        assertEquals(Optional.empty(), EmailAddress.valid(input));
    }

    /** U+212A KELVIN SIGN lower-cases to an ASCII "k": the one character outside ASCII that would pass as another. */
    @ParameterizedTest
    @ValueSource(strings = {"\u212Aim@example.com", "ann@\u212Aexample.com"})
    void emailWithTheKelvinSign_isRefusedNotTakenAsAnotherAddress(String input) {
        assertEquals(Optional.empty(), EmailAddress.valid(input));
        assertEquals(input, EmailAddress.normalize(input));
    }

    @ParameterizedTest
    @CsvSource({"203.0.113.10, 203.0.113.10",
            "2001:db8:1:2:3:4:5:6, 2001:0db8:0001:0002::/64",
            "2001:DB8:1:2::9, 2001:0db8:0001:0002::/64",
            "'', unknown",
            "not-an-address, invalid",
            "example.com:80, invalid"})
    void sourceAddresses_bucketIpv6ByItsSlash64(String ip, String bucket) {
        assertEquals(bucket, SourceAddress.bucket(ip));
    }
}
