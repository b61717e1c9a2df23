package dev.tradewind.shared.dynamo;

import dev.tradewind.shared.error.UnavailableException;
import dev.tradewind.shared.lambda.Priming;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Refuses every DynamoDB write, before it is sent, while SnapStart priming runs: the primed routes go as far as
 * their first write and no further, whatever data the tables hold. The refusal is a 503 to the primed request
 * (PartiQL statements are refused too, reads among them: no function uses PartiQL). A priming with in-memory writes
 * passes them on to the client's {@link PrimingStandIn}, which answers them without sending them.
 */
final class PrimingWriteGuard implements ExecutionInterceptor {

    static final String CODE = "SNAPSTART_PRIMING";

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Object request = context.request();
        // The stand-in answers item writes from memory; it does not speak PartiQL, so statements stay refused.
        if (Priming.running() && (isPartiQl(request)
                || isItemWrite(request) && Priming.inMemoryScratch().isEmpty())) {
            throw new UnavailableException(CODE, "No writes while SnapStart priming runs");
        }
    }

    private static boolean isItemWrite(Object request) {
        return request instanceof PutItemRequest || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest || request instanceof BatchWriteItemRequest
                || request instanceof TransactWriteItemsRequest;
    }

    private static boolean isPartiQl(Object request) {
        return request instanceof ExecuteStatementRequest || request instanceof BatchExecuteStatementRequest
                || request instanceof ExecuteTransactionRequest;
    }
}
