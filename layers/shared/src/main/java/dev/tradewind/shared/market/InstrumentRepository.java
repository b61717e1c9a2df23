package dev.tradewind.shared.market;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * The instrument catalog in the market-data table: {@code pk = INSTRUMENT#<symbol>}, {@code sk = INSTRUMENT}. The
 * first global index groups instruments by asset class ({@code gsi1pk = CATALOG#<class>}, sorted by symbol) so the
 * catalog can be listed and searched by prefix without a Scan.
 */
public final class InstrumentRepository {

    public static final String CATALOG_INDEX = "gsi1";
    static final String SORT_KEY = "INSTRUMENT";

    static final StaticImmutableTableSchema<Instrument, Builder> SCHEMA =
            StaticImmutableTableSchema.builder(Instrument.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("pk").getter(i -> partitionKey(i.symbol()))
                            .setter((b, v) -> { }).tags(StaticAttributeTags.primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("sk").getter(i -> SORT_KEY)
                            .setter((b, v) -> { }).tags(StaticAttributeTags.primarySortKey()))
                    .addAttribute(String.class, a -> a.name("gsi1pk").getter(i -> catalogPartition(i.assetClass()))
                            .setter((b, v) -> { }).tags(StaticAttributeTags.secondaryPartitionKey(CATALOG_INDEX)))
                    .addAttribute(String.class, a -> a.name("gsi1sk").getter(Instrument::symbol)
                            .setter((b, v) -> { }).tags(StaticAttributeTags.secondarySortKey(CATALOG_INDEX)))
                    .addAttribute(String.class, a -> a.name("symbol").getter(Instrument::symbol).setter((b, v) -> b.symbol = v))
                    .addAttribute(String.class, a -> a.name("name").getter(Instrument::name).setter((b, v) -> b.name = v))
                    .addAttribute(String.class, a -> a.name("nameLower").getter(i -> i.name().toLowerCase(Locale.ROOT))
                            .setter((b, v) -> { }))
                    .addAttribute(String.class, a -> a.name("assetClass").getter(i -> i.assetClass().code())
                            .setter((b, v) -> b.assetClass = AssetClass.fromCode(v)))
                    .addAttribute(String.class, a -> a.name("exchange").getter(Instrument::exchange).setter((b, v) -> b.exchange = v))
                    .addAttribute(String.class, a -> a.name("quoteCurrency").getter(Instrument::quoteCurrency)
                            .setter((b, v) -> b.quoteCurrency = v))
                    .addAttribute(String.class, a -> a.name("interval").getter(i -> i.interval().code())
                            .setter((b, v) -> b.interval = Interval.fromCode(v)))
                    .build();

    private final DynamoDbTable<Instrument> table;

    public InstrumentRepository(DynamoDbEnhancedClient client, String tableName) {
        this.table = client.table(tableName, SCHEMA);
    }

    public static String partitionKey(String symbol) {
        return "INSTRUMENT#" + symbol;
    }

    public static String catalogPartition(AssetClass assetClass) {
        return "CATALOG#" + assetClass.code();
    }

    public DynamoDbTable<Instrument> table() {
        return table;
    }

    public Optional<Instrument> find(String symbol) {
        return Optional.ofNullable(table.getItem(Key.builder().partitionValue(partitionKey(symbol))
                .sortValue(SORT_KEY).build()));
    }

    public void put(Instrument instrument) {
        table.putItem(instrument);
    }

    public void putAll(Collection<Instrument> instruments) {
        instruments.forEach(table::putItem);
    }

    static final class Builder {
        private String symbol;
        private String name;
        private AssetClass assetClass;
        private String exchange;
        private String quoteCurrency;
        private Interval interval;

        Instrument build() {
            return new Instrument(symbol, name, assetClass, exchange, quoteCurrency, interval);
        }
    }
}
