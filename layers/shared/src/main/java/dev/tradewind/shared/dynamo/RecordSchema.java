package dev.tradewind.shared.dynamo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A {@link StaticImmutableTableSchema} for a Java record without a hand-written builder class per record: each
 * attribute is read back into a {@link Values} bag and the record is built from it by one constructor function.
 * Built once, at class init, like every schema (no bean reflection).
 *
 * <p>Types are stored as DynamoDB would expect: strings as S, {@code BigDecimal}/{@code long}/{@code int} as N
 * (exact), booleans as BOOL, instants as ISO-8601 strings, string lists as L. Key attributes computed from the record
 * ({@code pk}, {@code sk}, {@code gsi1pk}, {@code gsi1sk}) are written and readable from {@link Values} like any other.
 *
 * <pre>{@code
 * static final StaticImmutableTableSchema<Note, RecordSchema.Values> SCHEMA = RecordSchema.of(Note.class,
 *         v -> new Note(v.string("id"), v.string("text")))
 *     .partitionKey("pk", n -> "NOTE#" + n.id())
 *     .sortKey("sk", n -> "NOTE")
 *     .string("id", Note::id)
 *     .string("text", Note::text)
 *     .build();
 * }</pre>
 */
public final class RecordSchema<T> {

    private final StaticImmutableTableSchema.Builder<T, Values> builder;

    private RecordSchema(Class<T> type, Function<Values, T> constructor) {
        this.builder = StaticImmutableTableSchema.builder(type, Values.class)
                .newItemBuilder(Values::new, constructor);
    }

    public static <T> RecordSchema<T> of(Class<T> type, Function<Values, T> constructor) {
        return new RecordSchema<>(type, constructor);
    }

    public RecordSchema<T> partitionKey(String name, Function<T, String> getter) {
        builder.addAttribute(String.class, a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x))
                .tags(StaticAttributeTags.primaryPartitionKey()));
        return this;
    }

    public RecordSchema<T> sortKey(String name, Function<T, String> getter) {
        builder.addAttribute(String.class, a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x))
                .tags(StaticAttributeTags.primarySortKey()));
        return this;
    }

    public RecordSchema<T> indexPartitionKey(String index, String name, Function<T, String> getter) {
        builder.addAttribute(String.class, a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x))
                .tags(StaticAttributeTags.secondaryPartitionKey(index)));
        return this;
    }

    public RecordSchema<T> indexSortKey(String index, String name, Function<T, String> getter) {
        builder.addAttribute(String.class, a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x))
                .tags(StaticAttributeTags.secondarySortKey(index)));
        return this;
    }

    public RecordSchema<T> string(String name, Function<T, String> getter) {
        builder.addAttribute(String.class, a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x)));
        return this;
    }

    /** An enum stored by its name. */
    public <E extends Enum<E>> RecordSchema<T> enumeration(String name, Function<T, E> getter) {
        return string(name, item -> {
            E value = getter.apply(item);
            return value == null ? null : value.name();
        });
    }

    public RecordSchema<T> decimal(String name, Function<T, BigDecimal> getter) {
        builder.addAttribute(BigDecimal.class, a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x)));
        return this;
    }

    public RecordSchema<T> longNumber(String name, Function<T, Long> getter) {
        builder.addAttribute(Long.class, a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x)));
        return this;
    }

    public RecordSchema<T> integer(String name, Function<T, Integer> getter) {
        builder.addAttribute(Integer.class, a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x)));
        return this;
    }

    public RecordSchema<T> bool(String name, Function<T, Boolean> getter) {
        builder.addAttribute(Boolean.class, a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x)));
        return this;
    }

    /** An instant as an ISO-8601 string ({@link Instant#toString()}). */
    public RecordSchema<T> instant(String name, Function<T, Instant> getter) {
        return string(name, item -> {
            Instant value = getter.apply(item);
            return value == null ? null : value.toString();
        });
    }

    /** A binary attribute (DynamoDB counts its raw bytes, where base64 in a string would add a third). */
    public RecordSchema<T> bytes(String name, Function<T, SdkBytes> getter) {
        builder.addAttribute(SdkBytes.class, a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x)));
        return this;
    }

    public RecordSchema<T> strings(String name, Function<T, List<String>> getter) {
        builder.addAttribute(EnhancedType.listOf(String.class),
                a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x)));
        return this;
    }

    public RecordSchema<T> longs(String name, Function<T, List<Long>> getter) {
        builder.addAttribute(EnhancedType.listOf(Long.class),
                a -> a.name(name).getter(getter).setter((v, x) -> v.put(name, x)));
        return this;
    }

    public StaticImmutableTableSchema<T, Values> build() {
        return builder.build();
    }

    /** The attributes of one item as they were read; absent attributes read as null (lists as empty). */
    public static final class Values {

        private final Map<String, Object> values = new HashMap<>();

        void put(String name, Object value) {
            values.put(name, value);
        }

        public String string(String name) {
            return (String) values.get(name);
        }

        public BigDecimal decimal(String name) {
            return (BigDecimal) values.get(name);
        }

        public Long longNumber(String name) {
            return (Long) values.get(name);
        }

        public long longNumber(String name, long defaultValue) {
            Long value = longNumber(name);
            return value == null ? defaultValue : value;
        }

        public Integer integer(String name) {
            return (Integer) values.get(name);
        }

        public Boolean bool(String name) {
            return (Boolean) values.get(name);
        }

        public boolean bool(String name, boolean defaultValue) {
            Boolean value = bool(name);
            return value == null ? defaultValue : value;
        }

        public SdkBytes bytes(String name) {
            return (SdkBytes) values.get(name);
        }

        public Instant instant(String name) {
            String value = string(name);
            return value == null ? null : Instant.parse(value);
        }

        public <E extends Enum<E>> E enumeration(String name, Class<E> type) {
            String value = string(name);
            return value == null ? null : Enum.valueOf(type, value);
        }

        @SuppressWarnings("unchecked")
        public List<String> strings(String name) {
            Object value = values.get(name);
            return value == null ? List.of() : List.copyOf((List<String>) value);
        }

        @SuppressWarnings("unchecked")
        public List<Long> longs(String name) {
            Object value = values.get(name);
            return value == null ? List.of() : List.copyOf((List<Long>) value);
        }
    }
}
