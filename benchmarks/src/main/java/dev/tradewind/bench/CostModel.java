package dev.tradewind.bench;

import java.util.Arrays;
import java.util.Map;

/**
 * What one request costs on AWS, from what it measurably did: the billed Lambda duration at the function's memory
 * size, the DynamoDB request units it consumed, and the flat per-request fees. Pure arithmetic, so it is unit-tested
 * ({@code CostModelTest}); the cost benchmark feeds it measurements.
 *
 * <p>Prices are us-east-1 on-demand list prices as issue 14 quotes them (current since DynamoDB's on-demand price
 * cut of {@value #PRICES_AS_OF}); they are constants here, not looked up.
 */
final class CostModel {

    static final String PRICES_AS_OF = "2024-11-14";
    static final double LAMBDA_ARM64_PER_GB_SECOND = 0.0000133334;
    static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
    static final double HTTP_API_PER_MILLION_REQUESTS = 1.00;
    static final double DYNAMODB_PER_MILLION_WRU = 0.625;
    static final double DYNAMODB_PER_MILLION_RRU = 0.125;

    private static final int READ_UNIT_BYTES = 4096;
    private static final int WRITE_UNIT_BYTES = 1024;

    private CostModel() {
    }

    /** Lambda bills the handler's duration rounded up to the next millisecond, and at least 1 ms. */
    static long billedMillis(double wallMillis) {
        return Math.max(1, (long) Math.ceil(wallMillis));
    }

    /**
     * The billed duration a route's requests cost on average: Lambda rounds each request up on its own, so a few
     * slow ones weigh in, and a million requests cost a million times this mean (not the median's rounding).
     */
    static double meanBilledMillis(double[] wallMillis) {
        if (wallMillis.length == 0) {
            throw new IllegalArgumentException("no requests to bill");
        }
        return Arrays.stream(wallMillis).map(CostModel::billedMillis).average().orElseThrow();
    }

    /**
     * Read request units of reading {@code bytes} in one read (one item, or a query's items together): 1 per 4 KB
     * started when strongly consistent, half that when eventually consistent, twice that inside a transaction
     * (always strongly consistent).
     */
    static double readUnits(long bytes, boolean stronglyConsistent, boolean transactional) {
        long blocks = Math.max(1, ceilDiv(bytes, READ_UNIT_BYTES));
        if (transactional) {
            return 2.0 * blocks;
        }
        return stronglyConsistent ? blocks : blocks / 2.0;
    }

    /** Write request units of writing one item of {@code bytes}: 1 per 1 KB started, twice that in a transaction. */
    static double writeUnits(long bytes, boolean transactional) {
        long blocks = Math.max(1, ceilDiv(bytes, WRITE_UNIT_BYTES));
        return transactional ? 2.0 * blocks : blocks;
    }

    /** Lambda compute of a million invocations billed {@code billedMillis} each (on average) at {@code memoryMb}. */
    static double lambdaComputePerMillion(double billedMillis, int memoryMb) {
        return billedMillis / 1000.0 * memoryMb / 1024.0 * LAMBDA_ARM64_PER_GB_SECOND * 1_000_000;
    }

    /**
     * The authorizer's share of one private request, per million: one authorizer invocation (compute, request fee
     * and the read units of its session check) per token per cache window, spread over the requests a client makes
     * with that token in the window.
     */
    static double authorizerSharePerMillion(double authorizerBilledMillis, int authorizerMemoryMb,
                                            double authorizerReadUnits, int requestsPerTokenPerWindow) {
        if (requestsPerTokenPerWindow < 1) {
            throw new IllegalArgumentException("at least one request per window");
        }
        return (lambdaComputePerMillion(authorizerBilledMillis, authorizerMemoryMb) + LAMBDA_PER_MILLION_REQUESTS
                + authorizerReadUnits * DYNAMODB_PER_MILLION_RRU) / requestsPerTokenPerWindow;
    }

    /** $ per million requests of one route, by where the money goes. */
    record Breakdown(double lambdaCompute, double lambdaRequests, double httpApi, double dynamoDb,
                     double authorizer) {

        double total() {
            return lambdaCompute + lambdaRequests + httpApi + dynamoDb + authorizer;
        }

        Breakdown times(double factor) {
            return new Breakdown(lambdaCompute * factor, lambdaRequests * factor, httpApi * factor,
                    dynamoDb * factor, authorizer * factor);
        }

        Breakdown plus(Breakdown other) {
            return new Breakdown(lambdaCompute + other.lambdaCompute, lambdaRequests + other.lambdaRequests,
                    httpApi + other.httpApi, dynamoDb + other.dynamoDb, authorizer + other.authorizer);
        }

        /** Lambda as a whole: compute, request fee and the authorizer's invocations. */
        double lambda() {
            return lambdaCompute + lambdaRequests + authorizer;
        }
    }

    /**
     * A route's $ per million requests through the HTTP API.
     *
     * @param readUnits  RRU consumed per request
     * @param writeUnits WRU consumed per request
     * @param authorizerSharePerMillion 0 for public routes (no authorizer)
     */
    static Breakdown perMillion(double billedMillis, int memoryMb, double readUnits, double writeUnits,
                                double authorizerSharePerMillion) {
        return new Breakdown(lambdaComputePerMillion(billedMillis, memoryMb), LAMBDA_PER_MILLION_REQUESTS,
                HTTP_API_PER_MILLION_REQUESTS,
                readUnits * DYNAMODB_PER_MILLION_RRU + writeUnits * DYNAMODB_PER_MILLION_WRU,
                authorizerSharePerMillion);
    }

    /** The weighted average of routes' costs; the weights (shares of all requests) must add up to 1. */
    static <K> Breakdown blend(Map<K, Double> weights, Map<K, Breakdown> costs) {
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("the mix adds up to " + sum + ", not 1");
        }
        Breakdown blended = new Breakdown(0, 0, 0, 0, 0);
        for (Map.Entry<K, Double> share : weights.entrySet()) {
            Breakdown cost = costs.get(share.getKey());
            if (cost == null) {
                throw new IllegalArgumentException("no cost measured for " + share.getKey());
            }
            blended = blended.plus(cost.times(share.getValue()));
        }
        return blended;
    }

    private static long ceilDiv(long value, int divisor) {
        return (value + divisor - 1) / divisor;
    }
}
