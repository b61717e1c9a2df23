package dev.tradewind.behavior.service;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradewind.behavior.domain.AnalysisOptions;
import dev.tradewind.behavior.domain.BehaviorAnalysis;
import dev.tradewind.behavior.domain.BehaviorAnalyzer;
import dev.tradewind.behavior.domain.CooldownAdvice;
import dev.tradewind.behavior.domain.Fill;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.MarketContext;
import dev.tradewind.behavior.domain.Report;
import dev.tradewind.behavior.domain.ReportSummary;
import dev.tradewind.behavior.domain.Sensitivity;
import dev.tradewind.behavior.domain.TradeHistory;
import dev.tradewind.behavior.store.ReportRepository;
import dev.tradewind.behavior.store.StoredHistory;
import dev.tradewind.behavior.store.StoredMarketContext;
import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.error.FieldError;
import dev.tradewind.shared.error.InvalidInputException;
import dev.tradewind.shared.error.NotFoundException;
import dev.tradewind.shared.events.DomainEvent;
import dev.tradewind.shared.events.EventPublisher;
import dev.tradewind.shared.guardrails.CooldownRepository;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.id.Ulid;
import dev.tradewind.shared.json.Json;
import dev.tradewind.shared.market.CandleRepository;
import dev.tradewind.shared.market.InstrumentRepository;
import dev.tradewind.shared.metrics.Counters;
import dev.tradewind.shared.trading.TradingReader;
import dev.tradewind.shared.trading.TradingSessionInfo;
import dev.tradewind.shared.validation.FieldRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the behaviour analysis on a request (docs/behaviour.md): assembles the trader's history from a
 * session, a time range or the request itself, analyses it against the stored market data, starts the cooldown the
 * analysis puts in force, and stores the report; reads stored reports back.
 *
 * <p>The cooldown contract: when the analysis of the caller's stored history says a cooldown is in force
 * ({@code cooldown.activeUntil}: the latest round trip closed at most a rule's minutes before now and met the rule),
 * and no session of the caller's closed a round trip after that one, the window [now, activeUntil) is written with
 * {@link CooldownRepository#start}, which the trading session's guardrail enforces. Nothing else starts one: the
 * standing rules take effect at the next analysis. A cooldown this analysis started is published as
 * {@code CooldownStarted} once the report showing it is stored (docs/realtime.md#events); an identical re-analysis
 * stores nothing and publishes nothing.
 */
public final class AnalysisService {

    private static final Logger LOG = LoggerFactory.getLogger(AnalysisService.class);
    static final int MAX_REASON = 400;
    public static final String SOURCE = "tradewind.analyze-behavior";
    public static final String COOLDOWN_STARTED = "CooldownStarted.v1";

    /** The detail of {@code CooldownStarted.v1}: the cooldown exactly as the report's {@code analysis.cooldown}. */
    public record CooldownStarted(String userId, JsonNode cooldown) {
    }

    private final TradingReader trading;
    private final InstrumentRepository instruments;
    private final CandleRepository candles;
    private final CooldownRepository cooldowns;
    private final ReportRepository reports;
    private final Clock clock;
    private final IdGenerator ids;
    private final Duration retention;
    private final Counters counters;
    private final EventPublisher events;

    public AnalysisService(TradingReader trading, InstrumentRepository instruments, CandleRepository candles,
                           CooldownRepository cooldowns, ReportRepository reports, Clock clock, IdGenerator ids,
                           Duration retention, Counters counters, EventPublisher events) {
        this.trading = trading;
        this.instruments = instruments;
        this.candles = candles;
        this.cooldowns = cooldowns;
        this.reports = reports;
        this.clock = clock;
        this.ids = ids;
        this.retention = retention;
        this.counters = counters;
        this.events = events;
    }

    /**
     * Analyses, acts on the cooldown, stores the report, and returns it as stored. When the caller's newest report
     * has the same content hash (the same input and the same analysis: the history, options and outcome unchanged),
     * that report is returned and nothing is written.
     */
    public ReportRepository.StoredReport analyze(String userId, AnalysisRequest body) {
        Instant now = clock.instant();
        Request request = Request.of(body, now);
        TradeHistory history;
        Report.Input input;
        switch (request.source()) {
            case SESSION -> {
                TradingSessionInfo session = session(userId, request.sessionId());
                StoredHistory.Loaded loaded = StoredHistory.ofSession(trading, userId, session);
                history = loaded.history();
                input = new Report.Input(Report.Source.SESSION, session.sessionId(), null, null, loaded.fills(),
                        loaded.excludedFills(), loaded.truncated(), loaded.sessions(), loaded.notes());
            }
            case RANGE -> {
                Instant to = request.to() == null ? now : request.to();
                StoredHistory.Loaded loaded = StoredHistory.ofRange(trading, userId, request.from(), to);
                history = loaded.history();
                input = new Report.Input(Report.Source.RANGE, null, request.from(), to, loaded.fills(),
                        loaded.excludedFills(), loaded.truncated(), loaded.sessions(), loaded.notes());
            }
            default -> {
                List<Fill> fills = InlineTrades.parse(request.trades(), now);
                history = TradeHistory.of(fills);
                input = new Report.Input(Report.Source.INLINE, null, null, null, fills.size(), 0, false, 0,
                        List.of());
            }
        }
        MarketContext market = history.fills().isEmpty() ? MarketContext.NONE
                : StoredMarketContext.forFills(instruments, candles, history.fills());
        BehaviorAnalysis analysis = new BehaviorAnalyzer(market).analyze(history, request.options(), now);
        String contentHash = contentHash(input, request.to(), analysis);
        var same = reports.latest(userId, now).filter(latest -> contentHash.equals(latest.contentHash()));
        if (same.isPresent()) {
            LOG.info("Behaviour report unchanged, not stored again", entry("reportId", same.get().reportId()));
            counters.increment("Analyses", "Stored", "unchanged");
            return same.get();
        }
        String reportId = ids.newId();
        GuardrailOutcome outcome = guardrail(userId, reportId, analysis.cooldown(),
                request.source() == Report.Source.INLINE, now);
        Report.Guardrail guardrail = outcome.guardrail();
        Report report = new Report(reportId, now, input, analysis, guardrail);
        String json = Json.write(report);
        String summary = Json.write(ReportSummary.of(report));
        try {
            reports.save(userId, reportId, input.sessionId(), now, contentHash, summary, json, now.plus(retention));
        } catch (RuntimeException e) {
            if (!storedAfterAll(userId, reportId, outcome, now, e)) {
                throw e;
            }
        }
        counters.increment("Analyses", "Stored", "new");
        if (guardrail.cooldown() == Report.CooldownStatus.STARTED) {
            counters.increment("CooldownsStarted");
            // Only now: the push's data is the cooldown of a report, which a client may read as soon as it is told.
            events.afterCommit(() -> List.of(new DomainEvent(SOURCE, COOLDOWN_STARTED,
                    new CooldownStarted(userId, asInReport(analysis.cooldown())))));
        }
        LOG.info("Behaviour report stored", entry("reportId", reportId), entry("source", input.source()),
                entry("fills", input.fills()), entry("detected", analysis.findings().stream()
                        .filter(Finding::detected).map(f -> f.pattern().name()).toList()),
                entry("cooldown", guardrail.cooldown()), entry("marketBarsRead",
                        market instanceof StoredMarketContext stored ? stored.barsRead() : 0));
        return new ReportRepository.StoredReport(reportId, input.sessionId(), now, summary, json, contentHash);
    }

    /**
     * SHA-256 of what was analysed and what came out, without the time of the analysis ({@code asOf}): equal hashes
     * mean the same report but for its id and times. The outcome is in it, so a changed engine, new fills, or a
     * cooldown that has since ended, gives a new hash without an engine version to maintain.
     *
     * @param sentTo the range's end as the caller sent it: an omitted one is the time of the analysis under another
     *               name, so the input is hashed without it (null for the other sources, which have none)
     */
    static String contentHash(Report.Input input, Instant sentTo, BehaviorAnalysis analysis) {
        ObjectNode outcome = Json.mapper().valueToTree(analysis);
        outcome.remove("asOf");
        Report.Input asSent = new Report.Input(input.source(), input.sessionId(), input.from(), sentTo, input.fills(),
                input.excludedFills(), input.truncated(), input.sessions(), input.notes());
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(Json.writeBytes(asSent));
            sha256.update(Json.writeBytes(outcome));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public ReportRepository.StoredReport report(String userId, String reportId) {
        return reports.find(userId, reportId, clock.instant())
                .orElseThrow(() -> new NotFoundException("Report not found"));
    }

    /**
     * The caller's reports, newest first; with {@code sessionId} those about that session, which must be one of the
     * caller's (404 otherwise, as everywhere else for another user's session).
     */
    public Page<ReportRepository.StoredReport> list(String userId, String sessionId, int limit, String cursor) {
        if (sessionId != null) {
            session(userId, sessionId);
        }
        return reports.list(userId, sessionId, limit, cursor, clock.instant());
    }

    private TradingSessionInfo session(String userId, String sessionId) {
        if (!Ulid.isValid(sessionId)) {
            throw new NotFoundException("Session not found");
        }
        return trading.session(userId, sessionId).orElseThrow(() -> new NotFoundException("Session not found"));
    }

    /**
     * Starts the cooldown the analysis puts in force, for analyses of the caller's stored history. The window is
     * [now, activeUntil): activeUntil is the triggering close plus the rule's minutes, on the same clock as now. It
     * starts only from the account's latest close (docs/behaviour.md#cooldowns-when-they-start-and-when-they-end): a
     * session, or a range ending before now, may not hold a round trip another session closed after it.
     */
    private GuardrailOutcome guardrail(String userId, String reportId, CooldownAdvice cooldown, boolean inline,
                                       Instant now) {
        GuardrailOutcome none = new GuardrailOutcome(new Report.Guardrail(Report.CooldownStatus.NONE, null, null),
                null);
        if (cooldown.activeUntil() == null || !cooldown.activeUntil().isAfter(now)) {
            return none;
        }
        String reason = reason(cooldown);
        if (inline) {
            return new GuardrailOutcome(new Report.Guardrail(Report.CooldownStatus.NOT_STARTED_INLINE,
                    cooldown.activeUntil(), reason), null);
        }
        if (StoredHistory.closedAfter(trading, userId, cooldown.triggeredAt(), now)) {
            return none;
        }
        var maybeStarted = cooldowns.start(userId, cooldown.activeUntil(), reason, reportId);
        if (maybeStarted.isEmpty()) {
            return none;
        }
        var started = maybeStarted.get();
        var inForce = started.inForce();
        boolean ours = reportId.equals(inForce.reportId()) && inForce.until().equals(cooldown.activeUntil());
        return new GuardrailOutcome(new Report.Guardrail(
                ours ? Report.CooldownStatus.STARTED : Report.CooldownStatus.ALREADY_IN_FORCE, inForce.until(),
                inForce.reason()), ours ? started : null);
    }

    /**
     * Whether a save that failed stored the report after all (its answer was lost): then the analysis goes on as
     * stored, answered and its cooldown published, which a retry, finding the report unchanged, would not publish.
     * A cooldown stands only with the report that shows it: were it left when the report cannot be stored, the
     * client's retry would find it "already in force" and the push that it started would never be sent. So it is
     * withdrawn once a read finds no report; when that read fails too, it stays.
     */
    private boolean storedAfterAll(String userId, String reportId, GuardrailOutcome outcome, Instant now,
                                   RuntimeException saveFailure) {
        try {
            if (reports.find(userId, reportId, now).isPresent()) {
                LOG.info("Behaviour report stored though the answer to its save was lost",
                        entry("reportId", reportId));
                return true;
            }
            if (outcome.started() != null) {
                cooldowns.withdraw(outcome.started());
            }
        } catch (RuntimeException e) {
            saveFailure.addSuppressed(e);
        }
        return false;
    }

    /** What the report shows of the guardrail, and the cooldown start behind it when this analysis started one. */
    private record GuardrailOutcome(Report.Guardrail guardrail, CooldownRepository.Started started) {
    }

    /**
     * The cooldown as a report shows it: a report is answered as its stored JSON read back as a tree (the api's
     * {@code Views.report}), which writes decimals as that reading leaves them.
     */
    static JsonNode asInReport(CooldownAdvice cooldown) {
        try {
            return Json.mapper().readTree(Json.write(cooldown));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One sentence for the trader: what the rule is about and which close met it. */
    static String reason(CooldownAdvice cooldown) {
        CooldownAdvice.Rule rule = cooldown.activeRule();
        if (rule == null) {
            return clip(cooldown.reason());
        }
        String trigger = switch (rule.trigger()) {
            case LOSS_PCT_OF_EQUITY -> "a loss of " + rule.threshold().stripTrailingZeros().toPlainString()
                    + "% of equity or more";
            case LOSS_AMOUNT -> "a loss of " + rule.threshold().stripTrailingZeros().toPlainString() + " or more";
            case CONSECUTIVE_LOSSES -> rule.threshold().intValue() + " losses in a row";
        };
        return clip(rule.reason() + "; the round trip closed at " + cooldown.triggeredAt() + " was " + trigger
                + ", so no new orders for " + rule.minutes() + " minutes after it");
    }

    private static String clip(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }

    /** A validated request: its source and the engine's options; {@code to} is null when the caller left it out. */
    record Request(Report.Source source, String sessionId, Instant from, Instant to, List<JsonNode> trades,
                   AnalysisOptions options) {

        private static final Set<String> IANA_ZONES = ZoneId.getAvailableZoneIds();

        static Request of(AnalysisRequest body, Instant now) {
            boolean bySession = body.sessionId() != null;
            boolean byRange = body.from() != null || body.to() != null;
            boolean inline = body.trades() != null;
            if ((bySession ? 1 : 0) + (byRange ? 1 : 0) + (inline ? 1 : 0) != 1) {
                throw new InvalidInputException("ONE_SOURCE_REQUIRED", "Give exactly one source of trades:"
                        + " sessionId, from (with an optional to), or trades");
            }
            List<FieldError> errors = new ArrayList<>();
            Sensitivity sensitivity = Sensitivity.MEDIUM;
            if (body.sensitivity() != null) {
                sensitivity = FieldRules.constant(Sensitivity.class, Sensitivity::code, body.sensitivity())
                        .orElse(null);
                if (sensitivity == null) {
                    errors.add(new FieldError("sensitivity", FieldRules.oneOf(Sensitivity.class, Sensitivity::code)));
                    sensitivity = Sensitivity.MEDIUM;
                }
            }
            ZoneId zone = ZoneOffset.UTC;
            if (body.timeZone() != null) {
                // ZoneId.of also takes offsets (+02:00, UTC+2, Z), which are not the IANA zones the route documents.
                if (IANA_ZONES.contains(body.timeZone())) {
                    zone = ZoneId.of(body.timeZone());
                } else {
                    errors.add(new FieldError("timeZone", "must be an IANA time zone such as America/New_York"));
                }
            }
            BigDecimal lossThreshold = body.lossThreshold();
            if (lossThreshold != null && lossThreshold.signum() <= 0) {
                errors.add(new FieldError("lossThreshold", "must be positive"));
            } else if (lossThreshold != null && lossThreshold.compareTo(InlineTrades.MAX_AMOUNT) >= 0) {
                errors.add(new FieldError("lossThreshold", "must be below 10^12"));
            }
            if (bySession && body.sessionId().isEmpty()) {
                errors.add(new FieldError("sessionId", "must not be empty"));
            }
            Instant from = null;
            Instant to = null;
            if (byRange) {
                from = instant(body.from(), "from", errors, true);
                to = instant(body.to(), "to", errors, false);
                // Without to the range ends now; a to that broke its rule has been named already.
                if (from != null && body.to() == null && !from.isBefore(now)) {
                    errors.add(new FieldError("from", "must be before now, the default of to"));
                } else if (from != null && to != null && !from.isBefore(to)) {
                    errors.add(new FieldError("to", "must be after from"));
                }
            }
            if (!errors.isEmpty()) {
                throw InvalidInputException.fields(errors);
            }
            Report.Source source = bySession ? Report.Source.SESSION : byRange ? Report.Source.RANGE
                    : Report.Source.INLINE;
            return new Request(source, bySession ? body.sessionId() : null, from, to, body.trades(),
                    new AnalysisOptions(sensitivity, zone, lossThreshold));
        }

        /** An omitted time is null; an empty one is a value that breaks the rule, as in every other field. */
        private static Instant instant(String raw, String field, List<FieldError> errors, boolean required) {
            if (raw == null) {
                if (required) {
                    errors.add(new FieldError(field, "is required" + ("from".equals(field) ? " with to" : "")));
                }
                return null;
            }
            Instant parsed = FieldRules.instant(raw).orElse(null);
            if (parsed == null) {
                errors.add(new FieldError(field, FieldRules.INSTANT_RULE));
            }
            return parsed;
        }
    }
}
