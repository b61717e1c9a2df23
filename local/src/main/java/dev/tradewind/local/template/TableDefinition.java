package dev.tradewind.local.template;

import java.util.List;
import java.util.Map;

/** An {@code AWS::DynamoDB::Table}, reduced to what creating it in DynamoDB Local needs. */
public record TableDefinition(
        String logicalId,
        String tableName,
        Map<String, String> attributeTypes,
        List<KeyElement> keySchema,
        List<Index> globalSecondaryIndexes,
        List<Index> localSecondaryIndexes,
        String ttlAttribute) {

    public record KeyElement(String attributeName, String keyType) {
    }

    public record Index(String name, List<KeyElement> keySchema, String projectionType, List<String> nonKeyAttributes) {
    }
}
