package dev.tradewind.shared.market;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** What kind of market an instrument trades on, which decides its trading calendar. */
public enum AssetClass {
    CRYPTO,
    STOCK;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AssetClass fromCode(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown asset class '" + code + "'"));
    }

    public static Optional<AssetClass> parse(String code) {
        for (AssetClass assetClass : values()) {
            if (assetClass.code().equals(code)) {
                return Optional.of(assetClass);
            }
        }
        return Optional.empty();
    }
}
