package dev.tradewind.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.local.template.SamTemplate;
import dev.tradewind.testing.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Runs after every function zip is built (this module depends on them), so it checks the real artifacts. */
class TemplateConsistencyTest {

    /** template.yaml with one edit, read as if it stood where the real one does, so artifact paths resolve. */
    static SamTemplate edited(String from, String to) throws Exception {
        String text = Files.readString(Repository.template(), StandardCharsets.UTF_8);
        assertTrue(text.contains(from), "template.yaml no longer contains: " + from);
        return SamTemplate.parse(text.replace(from, to), Repository.template(), Map.of());
    }

    @Test
    void everyHandler_existsInItsZipOrLayers() {
        assertEquals(List.of(), TemplateChecks.handlerViolations(SamTemplate.load(Repository.template())));
    }

    @Test
    void everyTableReference_namesATableOfTheTemplate() {
        assertEquals(List.of(), TemplateChecks.tableViolations(SamTemplate.load(Repository.template())));
    }

    @Test
    void everyStatefulResource_statesWhatDeletionAndReplacementDo() {
        assertEquals(List.of(), TemplateChecks.retentionViolations(SamTemplate.load(Repository.template())));
    }

    @Test
    void logGroupWithoutDeletionPolicy_isReported() throws Exception {
        SamTemplate broken = edited("  AuthLogGroup:\n    Type: AWS::Logs::LogGroup\n    DeletionPolicy: Delete\n",
                "  AuthLogGroup:\n    Type: AWS::Logs::LogGroup\n");
        assertEquals(List.of("AuthLogGroup: AWS::Logs::LogGroup without DeletionPolicy"),
                TemplateChecks.retentionViolations(broken));
    }

    @Test
    void everyFunctionAndSchedule_isWatchedAndHasSomewhereToFail() {
        assertEquals(List.of(), TemplateChecks.operationsViolations(SamTemplate.load(Repository.template())));
    }

    @Test
    void scheduleWithoutDeadLetterQueue_isReported() throws Exception {
        SamTemplate broken = edited("""
                            Input: '{"limit": 500}'
                            RetryPolicy:
                              MaximumRetryAttempts: 3
                              MaximumEventAgeInSeconds: 900
                            DeadLetterConfig:
                              Arn: !GetAtt ScheduleDeadLetterQueue.Arn
                """, """
                            Input: '{"limit": 500}'
                            RetryPolicy:
                              MaximumRetryAttempts: 3
                              MaximumEventAgeInSeconds: 900
                """);
        assertEquals(List.of("PredictResolveFunction.Resolve: schedule without DeadLetterConfig"),
                TemplateChecks.operationsViolations(broken));
    }

    @Test
    void everyFunctionReadingSignInSessions_runsOnTheWallClockLocally() {
        assertEquals(List.of(), TemplateChecks.securityClockViolations(SamTemplate.load(Repository.template())));
    }

    @Test
    void everyFunctionButAuth_readsOnlySingleItemsOfTheUsersTable() {
        assertEquals(List.of(), TemplateChecks.usersTableGrantViolations(SamTemplate.load(Repository.template())));
    }

    @Test
    void onlyTheirOwners_mayScanTablesOfUsersData() {
        assertEquals(List.of(), TemplateChecks.privateTableGrantViolations(SamTemplate.load(Repository.template())));
    }

    @Test
    void readPolicyTemplateOnTheTradingTableForBehaviourAnalysis_isReported() throws Exception {
        SamTemplate broad = edited("""
                        - Statement:
                            - Sid: ReadCallersTrading
                """, """
                        - DynamoDBReadPolicy:
                            TableName: !Ref TradingTable
                        - Statement:
                            - Sid: ReadCallersTrading
                """);
        assertEquals(List.of("AnalyzeBehaviorFunction: DynamoDBReadPolicy on TradingTable"),
                TemplateChecks.privateTableGrantViolations(broad));
    }

    @Test
    void writableTables_countWriteStatementsOnTablesAndNotReadsOrIndexes() {
        SamTemplate template = SamTemplate.load(Repository.template());
        // The auth function erases a user's connections by a BatchWriteItem statement on the realtime table.
        assertEquals(Set.of("BehaviorTable", "RealtimeTable", "TradingTable", "UsersTable"),
                TemplateChecks.writableTables(template, "AuthFunction"));
        assertEquals(Set.of("RealtimeTable"), TemplateChecks.writableTables(template, "RealtimeFanOutFunction"));
        assertEquals(Set.of(), TemplateChecks.writableTables(template, "AuthorizerFunction"));
    }

    @Test
    void usersTableScanGrantedToTheFanOut_isReported() throws Exception {
        String fanOutSessionRead = "one GetItem per session.\n        - Statement:\n"
                + "            - Sid: ReadSessionState\n              Effect: Allow\n              Action: ";
        SamTemplate broad = edited(fanOutSessionRead + "dynamodb:GetItem\n",
                fanOutSessionRead + "[dynamodb:GetItem, dynamodb:Scan]\n");
        assertEquals(List.of("RealtimeFanOutFunction: statement ReadSessionState grants [dynamodb:GetItem,"
                + " dynamodb:Scan] on UsersTable"), TemplateChecks.usersTableGrantViolations(broad));
    }

    @Test
    @SuppressWarnings("unchecked")
    void authorizerErrorsAlarm_leavesOutTheTokensItRefuses() {
        // The authorizer fails the invocation of every token it refuses (API Gateway's 401), which Lambda counts in
        // Errors: an alarm on Errors alone would fire on every expired token.
        Map<String, Object> alarm = (Map<String, Object>) SamTemplate.load(Repository.template()).resources()
                .get("AuthorizerFunctionErrorsAlarm").get("Properties");
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) alarm.getOrDefault("Metrics", List.of());
        Map<String, String> idsByMetric = new java.util.HashMap<>();
        String expression = null;
        for (Map<String, Object> metric : metrics) {
            if (metric.containsKey("Expression")) {
                expression = (String) metric.get("Expression");
            } else {
                Map<String, Object> stat = (Map<String, Object>) ((Map<String, Object>) metric.get("MetricStat"))
                        .get("Metric");
                idsByMetric.put(stat.get("Namespace") + "/" + stat.get("MetricName"), (String) metric.get("Id"));
            }
        }
        String errors = idsByMetric.get("AWS/Lambda/Errors");
        String rejected = idsByMetric.get("Tradewind/TokensRejected");
        assertTrue(errors != null && rejected != null && expression != null
                && expression.replace(" ", "").startsWith(errors + "-FILL(" + rejected + ",0)"),
                "AuthorizerFunctionErrorsAlarm must alarm on Errors minus TokensRejected, was " + alarm);
    }

    @Test
    @SuppressWarnings("unchecked")
    void fanOut_mayOnlyPostToAndDeleteConnections() {
        // ManagementApiPusher posts and deletes; GetConnection (a caller's address and user agent) is never called.
        List<Object> policies = (List<Object>) ((Map<String, Object>) SamTemplate.load(Repository.template())
                .resources().get("RealtimeFanOutFunction").get("Properties")).get("Policies");
        List<String> granted = new java.util.ArrayList<>();
        for (Object policy : policies) {
            for (Object statement : (List<Object>) ((Map<String, Object>) policy).getOrDefault("Statement",
                    List.of())) {
                Map<String, Object> grant = (Map<String, Object>) statement;
                if ("execute-api:ManageConnections".equals(grant.get("Action"))) {
                    Object resources = grant.get("Resource");
                    for (Object resource : resources instanceof List<?> list ? list : List.of(resources)) {
                        String arn = String.valueOf(((Map<String, Object>) resource).get("Fn::Sub"));
                        granted.add(arn.substring(arn.indexOf("${RealtimeStage}/") + "${RealtimeStage}/".length()));
                    }
                }
            }
        }
        assertEquals(List.of("POST/@connections/*", "DELETE/@connections/*"), granted);
    }

    @Test
    void everyParameterAFunctionReads_isNamedInItsVersionDescription() {
        assertEquals(List.of(), TemplateChecks.versionViolations(SamTemplate.load(Repository.template())));
    }

    @Test
    void publicKeysParameterLeftOutOfTheAuthorizersVersionDescription_isReported() throws Exception {
        SamTemplate unnamed = edited("VersionDescription: !Sub \"LogLevel ${LogLevel}; keys ${PublicKeysParameter}\"\n",
                "VersionDescription: !Sub \"LogLevel ${LogLevel}\"\n");
        assertEquals(List.of("AuthorizerFunction: reads parameter PublicKeysParameter, which its VersionDescription"
                + " does not name"), TemplateChecks.versionViolations(unnamed));
    }

    @Test
    void everySchedule_isNamedPerStack() {
        assertEquals(List.of(), TemplateChecks.scheduleNameViolations(SamTemplate.load(Repository.template())));
    }

    @Test
    void scheduleWithAFixedName_isReported() throws Exception {
        SamTemplate fixed = edited("""
                          Properties:
                            OmitName: true
                            ScheduleExpression: rate(1 hour)
                """, """
                          Properties:
                            ScheduleExpression: rate(1 hour)
                """);
        assertEquals(List.of("PredictResolveFunction.Resolve: schedule named the same in every stack (OmitName is not"
                + " true)"), TemplateChecks.scheduleNameViolations(fixed));
    }

    @Test
    void functionWithoutThrottlesAlarm_isReported() throws Exception {
        SamTemplate unwatched = edited(
                "MetricName: Throttles\n      Dimensions: [{Name: FunctionName, Value: !Ref AuthorizerFunction}]",
                "MetricName: Throttles\n      Dimensions: [{Name: FunctionName, Value: !Ref AuthFunction}]");
        assertEquals(List.of("AuthorizerFunction: no alarm on Throttles"),
                TemplateChecks.operationsViolations(unwatched));
    }

    @Test
    void handlerClassThatDoesNotExist_isReported() throws Exception {
        SamTemplate broken = edited("Handler: dev.tradewind.auth.AuthHandler\n",
                "Handler: dev.tradewind.auth.AuthHandlr\n");
        List<String> violations = TemplateChecks.handlerViolations(broken);
        assertEquals(List.of("AuthFunction: handler class dev.tradewind.auth.AuthHandlr is not in tradewind-auth.zip"
                + " or its layers"), violations);
    }

    @Test
    void tableVariableNotReferencingATable_isReported() throws Exception {
        SamTemplate broken = edited("USERS_TABLE: !Ref UsersTable\n          # Read by an account's export",
                "USERS_TABLE: users-prod\n          # Read by an account's export");
        List<String> violations = TemplateChecks.tableViolations(broken);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.getFirst().startsWith("AuthFunction: USERS_TABLE must be !Ref to a table"));
    }
}
