package dev.tradewind.bench;

import dev.tradewind.local.template.TableDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Asks DynamoDB for the capacity every call consumes ({@code ReturnConsumedCapacity=TOTAL}, added to each request
 * of an operation that supports it) and records it with the items the call wrote. The benchmark drains the record
 * after each handler invocation, so everything in it belongs to that request.
 */
final class ConsumedCapacityRecorder implements ExecutionInterceptor {

    /**
     * One DynamoDB call: its operation, the capacity DynamoDB reported (null if none) and the part of it spent on
     * secondary indexes, and the items it wrote.
     */
    record Call(String operation, String tables, boolean write, Double reportedUnits, double indexUnits,
                double minimumUnits, List<WrittenItem> written, String failure) {

        /**
         * The units this call costs on DynamoDB: for writes whose items are all in the request (puts), computed from
         * their sizes (table and index entries), since DynamoDB Local's figure for a transaction is not the rules'
         * (see the cost benchmark's report); for reads, the reported figure but at least the minimum DynamoDB charges
         * for a read that finds nothing (DynamoDB Local reports 0 for an empty query); a failed call (a condition
         * that did not hold) at the minimum DynamoDB charges for it; otherwise as reported.
         */
        double units() {
            Double computed = computedUnits();
            if (write && computed != null) {
                return computed + computedIndexUnits();
            }
            if (reportedUnits == null) {
                return minimumUnits;
            }
            return write ? reportedUnits : Math.max(reportedUnits, minimumUnits);
        }

        boolean differsFromReported() {
            return reportedUnits == null || Math.abs(units() - reportedUnits) > 1e-9;
        }

        /**
         * The table's write units by DynamoDB's rules from the sizes of the items written, when every item's full
         * content is in the request (puts); null otherwise (an update's or delete's size is the stored item's).
         */
        Double computedUnits() {
            if (written.isEmpty() || written.stream().anyMatch(item -> item.bytes() == null)) {
                return null;
            }
            boolean transactional = operation.equals("TransactWriteItems");
            return written.stream().mapToDouble(item -> CostModel.writeUnits(item.bytes(), transactional)).sum();
        }

        /**
         * Write units of the index entries the puts create, by DynamoDB's rules; inside a transaction counted at the
         * transactional rate (the conservative reading: DynamoDB documents none for index writes of a transaction).
         */
        double computedIndexUnits() {
            boolean transactional = operation.equals("TransactWriteItems");
            return written.stream().flatMap(item -> item.indexEntryBytes().stream())
                    .mapToDouble(bytes -> CostModel.writeUnits(bytes, transactional)).sum();
        }
    }

    /**
     * An item a call wrote: its table, the kind of key (the sort key's prefix, e.g. ORDER, EQUITY), the action and,
     * for a put, its size by DynamoDB's rules.
     */
    record WrittenItem(String table, String keyType, String action, Long bytes, List<Long> indexEntryBytes) {
    }

    /** Per table name, its global secondary indexes (their keys and projections), to size the index entries. */
    private final Map<String, List<TableDefinition.Index>> indexes;
    private final Map<String, List<String>> tableKeys;

    ConsumedCapacityRecorder(List<TableDefinition> tables) {
        this.indexes = tables.stream().collect(Collectors.toMap(TableDefinition::tableName,
                TableDefinition::globalSecondaryIndexes));
        this.tableKeys = tables.stream().collect(Collectors.toMap(TableDefinition::tableName,
                t -> t.keySchema().stream().map(TableDefinition.KeyElement::attributeName).toList()));
    }

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        // INDEXES: the total (as TOTAL gives it) plus the part spent on secondary indexes.
        ReturnConsumedCapacity total = ReturnConsumedCapacity.INDEXES;
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactGetItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        String operation = request.getClass().getSimpleName().replace("Request", "");
        Call call = switch (response) {
            case GetItemResponse r -> call(operation, false, listOf(r.consumedCapacity()), request);
            case QueryResponse r -> call(operation, false, listOf(r.consumedCapacity()), request);
            case ScanResponse r -> call(operation, false, listOf(r.consumedCapacity()), request);
            case BatchGetItemResponse r -> call(operation, false, r.consumedCapacity(), request);
            case TransactGetItemsResponse r -> call(operation, false, r.consumedCapacity(), request);
            case PutItemResponse r -> call(operation, true, listOf(r.consumedCapacity()), request);
            case UpdateItemResponse r -> call(operation, true, listOf(r.consumedCapacity()), request);
            case DeleteItemResponse r -> call(operation, true, listOf(r.consumedCapacity()), request);
            case BatchWriteItemResponse r -> call(operation, true, r.consumedCapacity(), request);
            case TransactWriteItemsResponse r -> call(operation, true, r.consumedCapacity(), request);
            default -> null;
        };
        if (call != null) {
            calls.add(call);
        }
    }

    /**
     * A call that failed (a conditional write whose condition did not hold) still consumes capacity, which the
     * error does not report: counted at DynamoDB's minimum, 1 WRU for a write, a read's minimum for a read.
     */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        String operation = request.getClass().getSimpleName().replace("Request", "");
        boolean write = request instanceof PutItemRequest || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest || request instanceof BatchWriteItemRequest
                || request instanceof TransactWriteItemsRequest;
        List<WrittenItem> items = write ? written(request) : List.of();
        String tables = items.stream().map(WrittenItem::table).distinct().sorted().collect(Collectors.joining("+"));
        calls.add(new Call(operation, tables, write, null, 0, write ? 1 : minimumReadUnits(request), items,
                context.exception().getClass().getSimpleName()));
    }

    /** Everything recorded since the last drain. */
    List<Call> drain() {
        List<Call> drained = new ArrayList<>();
        for (Call call; (call = calls.poll()) != null; ) {
            drained.add(call);
        }
        return drained;
    }

    private Call call(String operation, boolean write, List<ConsumedCapacity> capacities,
                             SdkRequest request) {
        Double units = capacities.isEmpty() || capacities.stream().anyMatch(c -> c.capacityUnits() == null) ? null
                : capacities.stream().mapToDouble(ConsumedCapacity::capacityUnits).sum();
        double index = capacities.stream().filter(ConsumedCapacity::hasGlobalSecondaryIndexes)
                .flatMap(c -> c.globalSecondaryIndexes().values().stream())
                .mapToDouble(c -> c.capacityUnits() == null ? 0 : c.capacityUnits()).sum();
        String tables = capacities.stream().map(ConsumedCapacity::tableName).distinct().sorted()
                .collect(Collectors.joining("+"));
        return new Call(operation, tables, write, units, index, minimumReadUnits(request),
                write ? written(request) : List.of(), null);
    }

    /** What DynamoDB charges at least for a read, found or not: 1 unit strongly consistent, 0.5 eventually. */
    private static double minimumReadUnits(SdkRequest request) {
        return switch (request) {
            case GetItemRequest r -> Boolean.TRUE.equals(r.consistentRead()) ? 1 : 0.5;
            case QueryRequest r -> Boolean.TRUE.equals(r.consistentRead()) ? 1 : 0.5;
            case ScanRequest r -> Boolean.TRUE.equals(r.consistentRead()) ? 1 : 0.5;
            default -> 0;
        };
    }

    private static List<ConsumedCapacity> listOf(ConsumedCapacity capacity) {
        return capacity == null ? List.of() : List.of(capacity);
    }

    private List<WrittenItem> written(SdkRequest request) {
        List<WrittenItem> items = new ArrayList<>();
        switch (request) {
            case PutItemRequest r -> items.add(put(r.tableName(), r.item()));
            case UpdateItemRequest r -> items.add(item(r.tableName(), r.key(), "update"));
            case DeleteItemRequest r -> items.add(item(r.tableName(), r.key(), "delete"));
            case BatchWriteItemRequest r -> r.requestItems().forEach((table, writes) -> {
                for (WriteRequest write : writes) {
                    items.add(write.putRequest() != null ? put(table, write.putRequest().item())
                            : item(table, write.deleteRequest().key(), "delete"));
                }
            });
            case TransactWriteItemsRequest r -> {
                for (TransactWriteItem write : r.transactItems()) {
                    if (write.put() != null) {
                        items.add(put(write.put().tableName(), write.put().item()));
                    } else if (write.update() != null) {
                        items.add(item(write.update().tableName(), write.update().key(), "update"));
                    } else if (write.delete() != null) {
                        items.add(item(write.delete().tableName(), write.delete().key(), "delete"));
                    } else if (write.conditionCheck() != null) {
                        items.add(item(write.conditionCheck().tableName(), write.conditionCheck().key(), "check"));
                    }
                }
            }
            default -> {
            }
        }
        return items;
    }

    private static WrittenItem item(String table, Map<String, AttributeValue> key, String action) {
        return new WrittenItem(table, keyType(key), action, null, List.of());
    }

    private WrittenItem put(String table, Map<String, AttributeValue> item) {
        List<Long> entries = new ArrayList<>();
        for (TableDefinition.Index index : indexes.getOrDefault(table, List.of())) {
            List<String> indexKeys = index.keySchema().stream().map(TableDefinition.KeyElement::attributeName).toList();
            if (!item.keySet().containsAll(indexKeys)) {
                continue;   // sparse: an item without the index's keys is not in the index
            }
            Set<String> projected = new HashSet<>(tableKeys.getOrDefault(table, List.of()));
            projected.addAll(indexKeys);
            if (index.projectionType().equals("INCLUDE")) {
                projected.addAll(index.nonKeyAttributes());
            }
            entries.add(index.projectionType().equals("ALL") ? ItemSize.of(item) : ItemSize.of(item.entrySet()
                    .stream().filter(e -> projected.contains(e.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
        }
        return new WrittenItem(table, keyType(item), "put", ItemSize.of(item), entries);
    }

    /** The sort key's prefix up to its first '#' (the tables' item types), or the partition key's. */
    static String keyType(Map<String, AttributeValue> key) {
        for (String attribute : List.of("sk", "pk")) {
            AttributeValue value = key.get(attribute);
            if (value != null && value.s() != null && value.s().contains("#")) {
                return value.s().substring(0, value.s().indexOf('#'));
            }
        }
        AttributeValue sk = key.get("sk");
        return sk != null && sk.s() != null ? sk.s() : "?";
    }
}
