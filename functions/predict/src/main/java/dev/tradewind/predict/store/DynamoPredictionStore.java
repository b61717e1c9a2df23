package dev.tradewind.predict.store;

import dev.tradewind.predict.domain.Outcome;
import dev.tradewind.predict.domain.Prediction;
import dev.tradewind.predict.domain.PredictionKey;
import dev.tradewind.predict.domain.PredictionStore;
import dev.tradewind.predict.domain.Signal;
import dev.tradewind.predict.domain.VolatilityPrediction;
import dev.tradewind.shared.dynamo.LostWrites;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.market.AssetClass;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.Interval;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Predictions in the predictions table. One item per prediction serves as forecast cache entry and log entry:
 * <ul>
 *   <li>{@code pk = PRED#<symbol>#<interval>}, {@code sk = <candle open time>#<model version>}: the cache key is the
 *   item key, and one series' log is one partition in time order (the accuracy route reads a window of it);</li>
 *   <li>while unresolved, {@code gsi1pk = PENDING#<interval>}, {@code gsi1sk = <next check>#<symbol>}: a sparse
 *   index of predictions waiting for their outcome, earliest first, which the resolver reads in bounded batches;
 *   resolving removes both attributes, so the index only ever holds pending predictions;</li>
 *   <li>{@code expiresAt}: TTL, so old predictions clean themselves up.</li>
 * </ul>
 * Features are stored as 4-byte little-endian floats (NaN kept), 60 bytes instead of a list of numbers.
 */
public final class DynamoPredictionStore implements PredictionStore {

    public static final String PENDING_INDEX = "gsi1";

    private static final StaticImmutableTableSchema<Prediction, Builder> SCHEMA =
            StaticImmutableTableSchema.builder(Prediction.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("pk")
                            .getter(p -> partitionKey(p.symbol(), p.interval())).setter((b, v) -> { })
                            .tags(StaticAttributeTags.primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("sk")
                            .getter(p -> sortKey(p.asOf(), p.modelVersion())).setter((b, v) -> { })
                            .tags(StaticAttributeTags.primarySortKey()))
                    .addAttribute(String.class, a -> a.name("gsi1pk")
                            .getter(p -> p.isPending() ? pendingPartition(p.interval()) : null).setter((b, v) -> { })
                            .tags(StaticAttributeTags.secondaryPartitionKey(PENDING_INDEX)))
                    .addAttribute(String.class, a -> a.name("gsi1sk")
                            .getter(p -> p.isPending() ? pendingSortKey(p.nextCheckAt(), p.symbol()) : null)
                            .setter((b, v) -> { })
                            .tags(StaticAttributeTags.secondarySortKey(PENDING_INDEX)))
                    .addAttribute(String.class, a -> a.name("symbol").getter(Prediction::symbol)
                            .setter((b, v) -> b.symbol = v))
                    .addAttribute(String.class, a -> a.name("interval").getter(p -> p.interval().code())
                            .setter((b, v) -> b.interval = Interval.fromCode(v)))
                    .addAttribute(String.class, a -> a.name("assetClass").getter(p -> p.assetClass().code())
                            .setter((b, v) -> b.assetClass = AssetClass.fromCode(v)))
                    .addAttribute(String.class, a -> a.name("modelVersion").getter(Prediction::modelVersion)
                            .setter((b, v) -> b.modelVersion = v))
                    .addAttribute(Instant.class, a -> a.name("asOf").getter(Prediction::asOf)
                            .setter((b, v) -> b.asOf = v))
                    .addAttribute(Instant.class, a -> a.name("createdAt").getter(Prediction::createdAt)
                            .setter((b, v) -> b.createdAt = v))
                    .addAttribute(Float.class, a -> a.name("probabilityUp").getter(Prediction::probabilityUp)
                            .setter((b, v) -> b.probabilityUp = v))
                    .addAttribute(SdkBytes.class, a -> a.name("features").getter(p -> encode(p.features()))
                            .setter((b, v) -> b.features = decode(v)))
                    .addAttribute(BigDecimal.class, a -> a.name("close").getter(Prediction::close)
                            .setter((b, v) -> b.close = v))
                    .addAttribute(BigDecimal.class, a -> a.name("previousClose").getter(Prediction::previousClose)
                            .setter((b, v) -> b.previousClose = v))
                    .addAttribute(Integer.class, a -> a.name("horizonBars").getter(Prediction::horizonBars)
                            .setter((b, v) -> b.horizonBars = v))
                    .addAttribute(Instant.class, a -> a.name("dueAt").getter(Prediction::dueAt)
                            .setter((b, v) -> b.dueAt = v))
                    .addAttribute(String.class, a -> a.name("signal").getter(p -> p.signal().name())
                            .setter((b, v) -> b.signal = Signal.valueOf(v)))
                    .addAttribute(Double.class, a -> a.name("confidence").getter(Prediction::confidence)
                            .setter((b, v) -> b.confidence = v))
                    .addAttribute(Boolean.class, a -> a.name("lowConfidence").getter(Prediction::lowConfidence)
                            .setter((b, v) -> b.lowConfidence = v))
                    .addAttribute(Boolean.class, a -> a.name("stale").getter(Prediction::stale)
                            .setter((b, v) -> b.stale = v))
                    .addAttribute(Instant.class, a -> a.name("nextCheckAt").getter(Prediction::nextCheckAt)
                            .setter((b, v) -> b.nextCheckAt = v))
                    .addAttribute(String.class, a -> a.name("outcome")
                            .getter(p -> p.outcome() == null ? null : p.outcome().status().name())
                            .setter((b, v) -> b.outcomeStatus = Outcome.Status.valueOf(v)))
                    .addAttribute(Instant.class, a -> a.name("resolvedAt")
                            .getter(p -> p.outcome() == null ? null : p.outcome().resolvedAt())
                            .setter((b, v) -> b.resolvedAt = v))
                    .addAttribute(Instant.class, a -> a.name("outcomeBarOpen")
                            .getter(p -> p.outcome() == null ? null : p.outcome().barOpen())
                            .setter((b, v) -> b.outcomeBarOpen = v))
                    .addAttribute(BigDecimal.class, a -> a.name("outcomeClose")
                            .getter(p -> p.outcome() == null ? null : p.outcome().close())
                            .setter((b, v) -> b.outcomeClose = v))
                    .addAttribute(Boolean.class, a -> a.name("outcomeUp")
                            .getter(p -> p.outcome() == null ? null : p.outcome().up())
                            .setter((b, v) -> b.outcomeUp = v))
                    .addAttribute(Double.class, a -> a.name("realisedReturn")
                            .getter(p -> p.outcome() == null ? null : p.outcome().realisedReturn())
                            .setter((b, v) -> b.realisedReturn = v))
                    .addAttribute(Long.class, a -> a.name("expiresAt").getter(Prediction::expiresAt)
                            .setter((b, v) -> b.expiresAt = v))
                    // The volatility part (docs/forecasts.md#volatility-and-price-ranges): absent on items written
                    // before it existed, or when it could not be computed; such items read as before.
                    .addAttribute(Integer.class, a -> a.name("volHorizonBars")
                            .getter(p -> vol(p) == null ? null : vol(p).horizonBars())
                            .setter((b, v) -> b.volHorizonBars = v))
                    .addAttribute(Double.class, a -> a.name("volVariance")
                            .getter(p -> vol(p) == null ? null : vol(p).variance())
                            .setter((b, v) -> b.volVariance = v))
                    .addAttribute(Double.class, a -> a.name("volEwmaVariance")
                            .getter(p -> vol(p) == null ? null : vol(p).ewmaVariance())
                            .setter((b, v) -> b.volEwmaVariance = v))
                    .addAttribute(Double.class, a -> a.name("volAnnualized")
                            .getter(p -> vol(p) == null ? null : vol(p).annualized())
                            .setter((b, v) -> b.volAnnualized = v))
                    .addAttribute(Instant.class, a -> a.name("volDueAt")
                            .getter(p -> vol(p) == null ? null : vol(p).dueAt())
                            .setter((b, v) -> b.volDueAt = v))
                    .addAttribute(Integer.class, a -> a.name("rangeHorizonBars")
                            .getter(p -> vol(p) == null ? null : vol(p).rangeHorizonBars())
                            .setter((b, v) -> b.rangeHorizonBars = v))
                    .addAttribute(Instant.class, a -> a.name("rangeDueAt")
                            .getter(p -> vol(p) == null ? null : vol(p).rangeDueAt())
                            .setter((b, v) -> b.rangeDueAt = v))
                    .addAttribute(EnhancedType.mapOf(String.class, BigDecimal.class), a -> a.name("rangeBands")
                            .getter(p -> vol(p) == null ? null : encodeBands(vol(p).bands()))
                            .setter((b, v) -> b.rangeBands = v))
                    .addAttribute(String.class, a -> a.name("rangeOutcome")
                            .getter(p -> range(p) == null ? null : range(p).status().name())
                            .setter((b, v) -> b.rangeStatus = Outcome.Status.valueOf(v)))
                    .addAttribute(Instant.class, a -> a.name("rangeResolvedAt")
                            .getter(p -> range(p) == null ? null : range(p).resolvedAt())
                            .setter((b, v) -> b.rangeResolvedAt = v))
                    .addAttribute(Instant.class, a -> a.name("rangeBarOpen")
                            .getter(p -> range(p) == null ? null : range(p).barOpen())
                            .setter((b, v) -> b.rangeBarOpen = v))
                    .addAttribute(BigDecimal.class, a -> a.name("rangeClose")
                            .getter(p -> range(p) == null ? null : range(p).close())
                            .setter((b, v) -> b.rangeClose = v))
                    .addAttribute(String.class, a -> a.name("volOutcome")
                            .getter(p -> volOutcome(p) == null ? null : volOutcome(p).status().name())
                            .setter((b, v) -> b.volStatus = Outcome.Status.valueOf(v)))
                    .addAttribute(Instant.class, a -> a.name("volResolvedAt")
                            .getter(p -> volOutcome(p) == null ? null : volOutcome(p).resolvedAt())
                            .setter((b, v) -> b.volResolvedAt = v))
                    .addAttribute(Double.class, a -> a.name("realisedVariance")
                            .getter(p -> volOutcome(p) == null ? null : volOutcome(p).realisedVariance())
                            .setter((b, v) -> b.realisedVariance = v))
                    .build();

    private static VolatilityPrediction vol(Prediction p) {
        return p.volatility();
    }

    private static VolatilityPrediction.RangeOutcome range(Prediction p) {
        return p.volatility() == null ? null : p.volatility().range();
    }

    private static VolatilityPrediction.VolatilityOutcome volOutcome(Prediction p) {
        return p.volatility() == null ? null : p.volatility().outcome();
    }

    /** Bands as one map attribute: {@code "<level>/low"} and {@code "<level>/high"} (e.g. {@code "0.8/low"}). */
    static Map<String, BigDecimal> encodeBands(List<VolatilityPrediction.Band> bands) {
        Map<String, BigDecimal> out = new HashMap<>();
        for (VolatilityPrediction.Band band : bands) {
            out.put(band.level() + "/low", band.low());
            out.put(band.level() + "/high", band.high());
        }
        return out;
    }

    static List<VolatilityPrediction.Band> decodeBands(Map<String, BigDecimal> encoded) {
        java.util.TreeMap<Double, BigDecimal[]> byLevel = new java.util.TreeMap<>();
        encoded.forEach((key, value) -> {
            int slash = key.indexOf('/');
            BigDecimal[] bounds = byLevel.computeIfAbsent(Double.parseDouble(key.substring(0, slash)),
                    l -> new BigDecimal[2]);
            bounds[key.endsWith("/low") ? 0 : 1] = value;
        });
        List<VolatilityPrediction.Band> out = new ArrayList<>();
        byLevel.forEach((level, bounds) -> out.add(new VolatilityPrediction.Band(level, bounds[0], bounds[1])));
        return out;
    }

    /** Everything but the features: what the accuracy route needs. */
    private static final List<String> WITHOUT_FEATURES = SCHEMA.attributeNames().stream()
            .filter(name -> !name.equals("features")).toList();

    private final DynamoDbClient client;
    private final IdGenerator ids;
    private final DynamoDbTable<Prediction> table;
    private final DynamoDbIndex<Prediction> pending;

    public DynamoPredictionStore(DynamoDbClient client, DynamoDbEnhancedClient enhanced, String tableName,
                                 IdGenerator ids) {
        this.client = client;
        this.ids = ids;
        this.table = enhanced.table(tableName, SCHEMA);
        this.pending = table.index(PENDING_INDEX);
    }

    public static String partitionKey(String symbol, Interval interval) {
        return "PRED#" + symbol + "#" + interval.code();
    }

    public static String sortKey(Instant asOf, String modelVersion) {
        return CandleRepository.sortKey(asOf) + "#" + modelVersion;
    }

    static String pendingPartition(Interval interval) {
        return "PENDING#" + interval.code();
    }

    static String pendingSortKey(Instant nextCheckAt, String symbol) {
        return CandleRepository.sortKey(nextCheckAt) + "#" + symbol;
    }

    @Override
    public Optional<Prediction> find(PredictionKey key) {
        return Optional.ofNullable(table.getItem(key(key)));
    }

    /**
     * The item carries an id of this write: a refused condition whose stored item holds it is this very put, applied
     * by DynamoDB and sent again by the SDK after its answer was lost, so the prediction is still this call's own
     * (its caller publishes it), not another computation's. When every answer was lost, a consistent read tells the
     * same: a retry of the whole call would find the item stored and never publish it.
     */
    @Override
    public Prediction putIfAbsent(Prediction prediction) {
        Map<String, AttributeValue> item = new HashMap<>(SCHEMA.itemToMap(prediction, true));
        AttributeValue putId = AttributeValue.fromS(ids.newId());
        item.put("putId", putId);
        try {
            client.putItem(PutItemRequest.builder().tableName(table.tableName()).item(item)
                    .conditionExpression("attribute_not_exists(pk)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return prediction;
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || putId.equals(e.item().get("putId"))) {
                return prediction;
            }
            return SCHEMA.mapToItem(e.item());
        } catch (SdkException e) {
            Map<String, AttributeValue> stored = LostWrites.appliedOrThrow(e, () -> Optional.ofNullable(client
                    .getItem(r -> r.tableName(table.tableName()).consistentRead(true)
                            .key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))).item())
                    .filter(found -> !found.isEmpty()));
            return putId.equals(stored.get("putId")) ? prediction : SCHEMA.mapToItem(stored);
        }
    }

    @Override
    public List<Prediction> series(String symbol, Interval interval, Instant from, Instant to, boolean withFeatures) {
        return series(symbol, interval, from, to, withFeatures, false);
    }

    @Override
    public List<Prediction> seriesAfterWrites(String symbol, Interval interval, Instant from, Instant to) {
        return series(symbol, interval, from, to, false, true);
    }

    private List<Prediction> series(String symbol, Interval interval, Instant from, Instant to, boolean withFeatures,
                                    boolean consistent) {
        String partition = partitionKey(symbol, interval);
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortBetween(
                        Key.builder().partitionValue(partition).sortValue(CandleRepository.sortKey(from)).build(),
                        Key.builder().partitionValue(partition).sortValue(CandleRepository.sortKey(to) + "~").build()))
                .consistentRead(consistent)
                .scanIndexForward(true);
        if (!withFeatures) {
            request.attributesToProject(WITHOUT_FEATURES);
        }
        List<Prediction> out = new ArrayList<>();
        for (Page<Prediction> page : table.query(request.build())) {
            out.addAll(page.items());
        }
        return out;
    }

    @Override
    public List<Prediction> pendingDue(Interval interval, Instant now, int limit) {
        QueryEnhancedRequest request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortLessThanOrEqualTo(Key.builder()
                        .partitionValue(pendingPartition(interval))
                        .sortValue(CandleRepository.sortKey(now) + "~").build()))
                .scanIndexForward(true)
                .limit(Math.min(limit, 1000))
                .build();
        List<Prediction> out = new ArrayList<>(Math.min(limit, 1000));
        for (Page<Prediction> page : pending.query(request)) {
            for (Prediction prediction : page.items()) {
                out.add(prediction);
                if (out.size() == limit) {
                    return out;
                }
            }
        }
        return out;
    }

    /**
     * An UpdateItem, not a Put: the caller may hold the prediction without its features (read for the accuracy
     * route), and only outcomes and the next check change. Conditional on the item still being pending and on each
     * part written here having no outcome yet, so two resolvers never both write one. Each update stores an id of
     * its own: a refused condition whose stored item holds it is this very update, applied by DynamoDB and sent
     * again by the SDK after its answer was lost.
     */
    @Override
    public boolean updatePending(Prediction before, Prediction updated) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>();
        List<String> conditions = new ArrayList<>(List.of("attribute_exists(gsi1pk)"));
        Outcome outcome = updated.outcome();
        if (outcome != null && (before == null || before.outcome() == null)) {
            conditions.add("attribute_not_exists(outcome)");
            values.put(":status", AttributeValue.fromS(outcome.status().name()));
            values.put(":resolvedAt", AttributeValue.fromS(outcome.resolvedAt().toString()));
            set.add("outcome = :status");
            set.add("resolvedAt = :resolvedAt");
            if (outcome.isResolved()) {
                values.put(":barOpen", AttributeValue.fromS(outcome.barOpen().toString()));
                values.put(":close", AttributeValue.fromN(outcome.close().toPlainString()));
                values.put(":up", AttributeValue.fromBool(outcome.up()));
                values.put(":return", AttributeValue.fromN(Double.toString(outcome.realisedReturn())));
                set.add("outcomeBarOpen = :barOpen, outcomeClose = :close, outcomeUp = :up,"
                        + " realisedReturn = :return");
            }
        }
        VolatilityPrediction volatility = updated.volatility();
        VolatilityPrediction was = before == null ? null : before.volatility();
        if (volatility != null && volatility.range() != null && (was == null || was.range() == null)) {
            VolatilityPrediction.RangeOutcome range = volatility.range();
            conditions.add("attribute_not_exists(rangeOutcome)");
            values.put(":rangeStatus", AttributeValue.fromS(range.status().name()));
            values.put(":rangeResolvedAt", AttributeValue.fromS(range.resolvedAt().toString()));
            set.add("rangeOutcome = :rangeStatus, rangeResolvedAt = :rangeResolvedAt");
            if (range.isResolved()) {
                values.put(":rangeBarOpen", AttributeValue.fromS(range.barOpen().toString()));
                values.put(":rangeClose", AttributeValue.fromN(range.close().toPlainString()));
                set.add("rangeBarOpen = :rangeBarOpen, rangeClose = :rangeClose");
            }
        }
        if (volatility != null && volatility.outcome() != null && (was == null || was.outcome() == null)) {
            VolatilityPrediction.VolatilityOutcome vol = volatility.outcome();
            conditions.add("attribute_not_exists(volOutcome)");
            values.put(":volStatus", AttributeValue.fromS(vol.status().name()));
            values.put(":volResolvedAt", AttributeValue.fromS(vol.resolvedAt().toString()));
            set.add("volOutcome = :volStatus, volResolvedAt = :volResolvedAt");
            if (vol.realisedVariance() != null) {
                values.put(":rv", AttributeValue.fromN(Double.toString(vol.realisedVariance())));
                set.add("realisedVariance = :rv");
            }
        }
        AttributeValue updateId = AttributeValue.fromS(ids.newId());
        values.put(":updateId", updateId);
        set.add("updateId = :updateId");
        String update;
        if (updated.isPending()) {
            values.put(":next", AttributeValue.fromS(updated.nextCheckAt().toString()));
            values.put(":gsi1sk", AttributeValue.fromS(pendingSortKey(updated.nextCheckAt(), updated.symbol())));
            set.add("nextCheckAt = :next, gsi1sk = :gsi1sk");
            update = "SET " + String.join(", ", set);
        } else {
            update = "SET " + String.join(", ", set) + " REMOVE gsi1pk, gsi1sk, nextCheckAt";
        }
        try {
            client.updateItem(UpdateItemRequest.builder()
                    .tableName(table.tableName())
                    .key(Map.of("pk", AttributeValue.fromS(partitionKey(updated.symbol(), updated.interval())),
                            "sk", AttributeValue.fromS(sortKey(updated.asOf(), updated.modelVersion()))))
                    .updateExpression(update)
                    .conditionExpression(String.join(" AND ", conditions))
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return e.hasItem() && updateId.equals(e.item().get("updateId"));
        }
    }

    private static Key key(PredictionKey key) {
        return Key.builder().partitionValue(partitionKey(key.symbol(), key.interval()))
                .sortValue(sortKey(key.asOf(), key.modelVersion())).build();
    }

    static SdkBytes encode(float[] features) {
        if (features == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(features.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : features) {
            buffer.putFloat(value);
        }
        return SdkBytes.fromByteArray(buffer.array());
    }

    static float[] decode(SdkBytes bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer buffer = bytes.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[buffer.remaining() / Float.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = buffer.getFloat();
        }
        return out;
    }

    /** Rebuilds a prediction from its item (or from the projection without features). */
    static final class Builder {
        private String symbol;
        private Interval interval;
        private AssetClass assetClass;
        private String modelVersion;
        private Instant asOf;
        private Instant createdAt;
        private Float probabilityUp;
        private float[] features;
        private BigDecimal close;
        private BigDecimal previousClose;
        private Integer horizonBars;
        private Instant dueAt;
        private Signal signal;
        private Double confidence;
        private Boolean lowConfidence;
        private Boolean stale;
        private Instant nextCheckAt;
        private Outcome.Status outcomeStatus;
        private Instant resolvedAt;
        private Instant outcomeBarOpen;
        private BigDecimal outcomeClose;
        private Boolean outcomeUp;
        private Double realisedReturn;
        private Long expiresAt;
        private Integer volHorizonBars;
        private Double volVariance;
        private Double volEwmaVariance;
        private Double volAnnualized;
        private Instant volDueAt;
        private Integer rangeHorizonBars;
        private Instant rangeDueAt;
        private Map<String, BigDecimal> rangeBands;
        private Outcome.Status rangeStatus;
        private Instant rangeResolvedAt;
        private Instant rangeBarOpen;
        private BigDecimal rangeClose;
        private Outcome.Status volStatus;
        private Instant volResolvedAt;
        private Double realisedVariance;

        private VolatilityPrediction volatility() {
            if (volHorizonBars == null || volVariance == null || volDueAt == null || rangeHorizonBars == null
                    || rangeDueAt == null) {
                return null;
            }
            return new VolatilityPrediction(volHorizonBars, volVariance, volEwmaVariance == null ? Double.NaN
                    : volEwmaVariance, volAnnualized == null ? Double.NaN : volAnnualized, volDueAt, rangeHorizonBars,
                    rangeDueAt, rangeBands == null ? List.of() : decodeBands(rangeBands),
                    rangeStatus == null ? null : new VolatilityPrediction.RangeOutcome(rangeStatus, rangeResolvedAt,
                            rangeBarOpen, rangeClose),
                    volStatus == null ? null : new VolatilityPrediction.VolatilityOutcome(volStatus, volResolvedAt,
                            realisedVariance));
        }

        Prediction build() {
            Outcome outcome = outcomeStatus == null ? null : new Outcome(outcomeStatus, resolvedAt, outcomeBarOpen,
                    outcomeClose, Boolean.TRUE.equals(outcomeUp), realisedReturn == null ? 0 : realisedReturn);
            return new Prediction(new PredictionKey(symbol, interval, asOf, modelVersion), assetClass, createdAt,
                    probabilityUp == null ? Float.NaN : probabilityUp, features, close, previousClose,
                    horizonBars == null ? 0 : horizonBars, dueAt, signal, confidence == null ? 0 : confidence,
                    Boolean.TRUE.equals(lowConfidence), Boolean.TRUE.equals(stale), nextCheckAt, outcome,
                    expiresAt == null ? 0 : expiresAt, volatility());
        }
    }
}
