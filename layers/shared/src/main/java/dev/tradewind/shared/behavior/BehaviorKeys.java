package dev.tradewind.shared.behavior;

/**
 * The key layout of the behaviour table, shared by analyze-behavior, which writes it, and everything else that
 * reaches its items: trading-session reads the cooldown, auth exports and erases a user's items, and SnapStart
 * priming gives its account a report. Every key starts with the owner's user id, so a query can only ever reach the
 * caller's own items.
 *
 * <pre>
 * pk         sk                  what                   gsi1pk / gsi1sk
 * USER#u     REPORT#&lt;reportId&gt;   a report (TTL)         USER#u#SESSION#s#REPORT / reportId (session reports)
 * USER#u     COOLDOWN            the cooldown in force
 * </pre>
 *
 * Report ids are ULIDs, so the sort key orders a user's reports by time. A report's attributes: {@link ReportItem}.
 */
public final class BehaviorKeys {

    public static final String INDEX = "gsi1";
    public static final String COOLDOWN_SORT_KEY = "COOLDOWN";
    /** The bounds of every report sort key: {@code "~"} sorts after every ULID character. */
    public static final String REPORTS_FROM = "REPORT#";
    public static final String REPORTS_TO = "REPORT#~";

    private BehaviorKeys() {
    }

    public static String userPartition(String userId) {
        return "USER#" + userId;
    }

    public static String reportSortKey(String reportId) {
        return REPORTS_FROM + reportId;
    }

    /** The index partition of one session's reports. */
    public static String sessionReports(String userId, String sessionId) {
        return "USER#" + userId + "#SESSION#" + sessionId + "#REPORT";
    }
}
