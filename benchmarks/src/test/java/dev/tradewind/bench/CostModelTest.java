package dev.tradewind.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CostModelTest {

    private static final double CENT = 1e-9;

    @Test
    void billedMillis_roundsUpToTheNextMillisecond_andBillsAtLeastOne() {
        assertEquals(18, CostModel.billedMillis(17.01));
        assertEquals(17, CostModel.billedMillis(17.0));
        assertEquals(1, CostModel.billedMillis(0.2));
        assertEquals(1, CostModel.billedMillis(0));
    }

    /** Lambda rounds each request up on its own: a million requests cost the mean of their billed durations. */
    @Test
    void meanBilledMillis_isTheMeanOfEachRequestsRoundedUpDuration() {
        double[] wall = {0.4, 0.4, 0.5, 0.5, 0.6, 0.6, 0.7, 1.4, 2.3, 6.1};

        // ceil: 1, 1, 1, 1, 1, 1, 1, 2, 3, 7 (the median's ceil would be 1)
        assertEquals(1.9, CostModel.meanBilledMillis(wall), CENT);
        assertEquals(18, CostModel.meanBilledMillis(new double[] {17.01}), CENT);
    }

    @Test
    void writeUnits_oneUnitPerKilobyteStarted_doubledInATransaction() {
        assertEquals(1, CostModel.writeUnits(1, false));
        assertEquals(1, CostModel.writeUnits(1024, false));
        assertEquals(2, CostModel.writeUnits(1025, false));
        assertEquals(13, CostModel.writeUnits(12_900, false));
        assertEquals(4, CostModel.writeUnits(1025, true));
        assertEquals(1, CostModel.writeUnits(0, false));
    }

    @Test
    void readUnits_onePer4KilobytesStrong_halfEventual_twoInATransaction() {
        assertEquals(1, CostModel.readUnits(4096, true, false));
        assertEquals(2, CostModel.readUnits(4097, true, false));
        assertEquals(0.5, CostModel.readUnits(100, false, false));
        assertEquals(1, CostModel.readUnits(4097, false, false));
        assertEquals(4, CostModel.readUnits(4097, false, true));
    }

    @Test
    void lambdaCompute_isGigabyteSecondsTimesPrice() {
        // 100 ms at 1,024 MB = 0.1 GB-s a request; a million of them is 100,000 GB-s.
        assertEquals(100_000 * CostModel.LAMBDA_ARM64_PER_GB_SECOND, CostModel.lambdaComputePerMillion(100, 1024),
                CENT);
        assertEquals(1.33334, CostModel.lambdaComputePerMillion(100, 1024), 1e-6);
        // 1,769 MB for 50 ms is 0.0864 GB-s.
        assertEquals(50 / 1000.0 * 1769 / 1024.0 * 0.0000133334 * 1e6, CostModel.lambdaComputePerMillion(50, 1769),
                CENT);
    }

    @Test
    void perMillion_addsLambdaComputeRequestFeeHttpApiDynamoDbAndAuthorizer() {
        CostModel.Breakdown cost = CostModel.perMillion(20, 1024, 2.5, 16, 0.05);

        assertEquals(20 / 1000.0 * 0.0000133334 * 1e6, cost.lambdaCompute(), CENT);
        assertEquals(0.20, cost.lambdaRequests(), CENT);
        assertEquals(1.00, cost.httpApi(), CENT);
        assertEquals(2.5 * 0.125 + 16 * 0.625, cost.dynamoDb(), CENT);
        assertEquals(0.05, cost.authorizer(), CENT);
        assertEquals(0.266668 + 0.20 + 1.00 + 10.3125 + 0.05, cost.total(), 1e-6);
    }

    @Test
    void authorizerShare_isOneInvocationWithItsSessionReadSpreadOverTheRequestsOfACacheWindow() {
        double invocation = CostModel.lambdaComputePerMillion(5, 512) + 0.20 + 1 * 0.125;

        assertEquals(invocation, CostModel.authorizerSharePerMillion(5, 512, 1, 1), CENT);
        assertEquals(invocation / 10, CostModel.authorizerSharePerMillion(5, 512, 1, 10), CENT);
        assertThrows(IllegalArgumentException.class, () -> CostModel.authorizerSharePerMillion(5, 512, 1, 0));
    }

    @Test
    void blend_weighsEachRouteByItsShare() {
        var cheap = new CostModel.Breakdown(0.1, 0.2, 1.0, 0.2, 0.0);
        var dear = new CostModel.Breakdown(0.5, 0.2, 1.0, 10.0, 0.1);

        CostModel.Breakdown blended = CostModel.blend(Map.of("cheap", 0.9, "dear", 0.1),
                Map.of("cheap", cheap, "dear", dear));

        assertEquals(0.9 * cheap.total() + 0.1 * dear.total(), blended.total(), CENT);
        assertEquals(0.9 * 0.2 + 0.1 * 10.0, blended.dynamoDb(), CENT);
        assertEquals(1.0, blended.httpApi(), CENT);
        assertEquals(0.9 * 0.3 + 0.1 * 0.8, blended.lambda(), CENT);
    }

    @Test
    void blend_refusesAMixThatDoesNotAddUpToOne_orARouteWithoutACost() {
        var cost = new CostModel.Breakdown(0, 0.2, 1.0, 0, 0);

        assertThrows(IllegalArgumentException.class, () -> CostModel.blend(Map.of("a", 0.5), Map.of("a", cost)));
        assertThrows(IllegalArgumentException.class, () -> CostModel.blend(Map.of("a", 0.5, "b", 0.5),
                Map.of("a", cost)));
    }
}
