package dev.tradewind.trading.service;

import dev.tradewind.shared.dynamo.Page;
import dev.tradewind.shared.error.Validation;
import dev.tradewind.shared.id.IdGenerator;
import dev.tradewind.shared.trading.RiskLimits;
import dev.tradewind.shared.trading.SessionStatus;
import dev.tradewind.shared.trading.SessionType;
import dev.tradewind.shared.validation.FieldRules;
import dev.tradewind.trading.domain.Account;
import dev.tradewind.trading.domain.EndReason;
import dev.tradewind.trading.domain.EquityPoint;
import dev.tradewind.trading.domain.Money;
import dev.tradewind.trading.domain.OrderStatus;
import dev.tradewind.trading.domain.RestingOrder;
import dev.tradewind.trading.domain.Session;
import dev.tradewind.trading.domain.ValuedSession;
import dev.tradewind.trading.store.TradingStore;
import dev.tradewind.trading.store.Writes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Creating, listing, reading and stopping sessions. */
public final class SessionService {

    /** Currencies a session can be kept in. USDT is treated as USD one to one (docs/trading.md#accounting). */
    static final Set<String> CURRENCIES = Set.of("USD", "USDT");
    private static final BigDecimal MAX_CASH = new BigDecimal("1000000000000");
    private static final BigDecimal MAX_BPS = new BigDecimal(1000);
    private static final BigDecimal HUNDRED = new BigDecimal(100);

    private final TradingStore store;
    private final Sessions sessions;
    private final Clock clock;
    private final IdGenerator ids;
    private final OrderEvents events;
    private final Idempotency idempotency;

    public SessionService(TradingStore store, Sessions sessions, Clock clock, IdGenerator ids, OrderEvents events,
                          Idempotency idempotency) {
        this.store = store;
        this.sessions = sessions;
        this.clock = clock;
        this.ids = ids;
        this.events = events;
        this.idempotency = idempotency;
    }

    /**
     * What a new session is asked to be, as given: validated by {@link #create}.
     *
     * @param type       PAPER (when null) or JOURNAL
     * @param riskLimits null when not given
     * @param guardrails null when not given
     */
    public record NewSession(String name, String type, BigDecimal startingCash, String currency, BigDecimal feesBps,
                             BigDecimal slippageBps, RiskLimits riskLimits, Guardrails guardrails) {
    }

    /** @param cooldownOnTilt null when not given (off) */
    public record Guardrails(Boolean cooldownOnTilt) {
    }

    /** A new session as validated and normalised: what "the same request" means for an Idempotency-Key. */
    private record ValidSession(String name, SessionType type, String currency, BigDecimal cash, BigDecimal feesBps,
                                BigDecimal slippageBps, RiskLimits riskLimits, boolean cooldownOnTilt) {

        String requestHash() {
            return Idempotency.requestHash(name, type.name(), currency, cash.toPlainString(), plain(feesBps),
                    plain(slippageBps), plain(riskLimits.maxPositionPct()), plain(riskLimits.maxDailyLossPct()),
                    riskLimits.maxOrdersPerHour(), cooldownOnTilt);
        }

        Session toSession(String userId, String sessionId, Instant createdAt) {
            return new Session(userId, sessionId, name, type, SessionStatus.ACTIVE, currency, cash, cash,
                    Money.zero(), Money.zero(), Money.zero(), feesBps, slippageBps, riskLimits, cooldownOnTilt,
                    createdAt, null, null, 0, Map.of(), List.of(), null, 0, 0, null, 0);
        }

        private static String plain(BigDecimal value) {
            return value == null ? null : value.toPlainString();
        }
    }

    static boolean tradableIn(String quoteCurrency, String sessionCurrency) {
        return quoteCurrency.equals(sessionCurrency)
                || CURRENCIES.contains(quoteCurrency) && CURRENCIES.contains(sessionCurrency);
    }

    /**
     * Creates the session; with an Idempotency-Key, once per key (scoped to the user): a retry with the same key and
     * the same session answers what the first request answered, and changes nothing.
     */
    public Idempotency.Answer<ValuedSession> create(String userId, Optional<String> idempotencyKey, NewSession body) {
        ValidSession valid = validate(body);
        Instant now = clock.instant();
        Session session = valid.toSession(userId, ids.newId(), now);
        if (idempotencyKey.isEmpty()) {
            return new Idempotency.Answer<>(create(session, store.writes()), false);
        }
        String keyHash = Idempotency.keyHash(idempotencyKey.get());
        String requestHash = valid.requestHash();
        // A retry's answer follows from the same request, the id the record keeps and the time it was made.
        return Idempotency.once(
                () -> Idempotency.replay(store.sessionIdempotency(userId, keyHash), requestHash, now, "session")
                        .map(first -> answer(valid.toSession(userId, first.answer(), first.createdAt()))),
                () -> create(session, store.writes().sessionIdempotency(idempotency.record(userId, null, keyHash,
                        requestHash, session.sessionId(), now), now)));
    }

    private static ValidSession validate(NewSession body) {
        Validation validation = new Validation();
        String name = body.name() == null ? null : body.name().strip();
        validation.required(name, "name");
        // Characters, not UTF-16 units: an emoji is one.
        validation.check(name == null || name.codePointCount(0, name.length()) <= 100, "name",
                "must be at most 100 characters");
        validation.check(body.name() == null || FieldRules.isText(body.name()), "name", FieldRules.TEXT_RULE);
        SessionType type = SessionType.PAPER;
        if (body.type() != null) {
            validation.check(FieldRules.constant(SessionType.class, body.type()).isPresent(), "type",
                    FieldRules.oneOf(SessionType.class));
            type = FieldRules.constant(SessionType.class, body.type()).orElse(SessionType.PAPER);
        }
        String currency = body.currency() == null ? "USD" : body.currency();
        validation.check(CURRENCIES.contains(currency), "currency", "must be one of USD, USDT");
        boolean paper = type == SessionType.PAPER;
        BigDecimal startingCash = body.startingCash();
        startingCash(startingCash, paper, "startingCash", validation);
        RiskLimits limits = RiskLimits.NONE;
        boolean cooldownOnTilt = false;
        if (paper) {
            bps(body.feesBps(), "feesBps", validation);
            bps(body.slippageBps(), "slippageBps", validation);
            if (body.riskLimits() != null) {
                var r = body.riskLimits();
                percent(r.maxPositionPct(), "riskLimits.maxPositionPct", validation);
                percent(r.maxDailyLossPct(), "riskLimits.maxDailyLossPct", validation);
                validation.check(r.maxOrdersPerHour() == null || r.maxOrdersPerHour() >= 1
                        && r.maxOrdersPerHour() <= 1000, "riskLimits.maxOrdersPerHour", "must be between 1 and 1000");
                limits = new RiskLimits(strip(r.maxPositionPct()), strip(r.maxDailyLossPct()), r.maxOrdersPerHour());
            }
            cooldownOnTilt = body.guardrails() != null && Boolean.TRUE.equals(body.guardrails().cooldownOnTilt());
        } else {
            validation.check(body.feesBps() == null, "feesBps", "applies to PAPER sessions only");
            validation.check(body.slippageBps() == null, "slippageBps", "applies to PAPER sessions only");
            validation.check(body.riskLimits() == null, "riskLimits", "applies to PAPER sessions only");
            validation.check(body.guardrails() == null, "guardrails", "applies to PAPER sessions only");
        }
        validation.throwIfInvalid();
        BigDecimal cash = startingCash == null ? Money.zero() : startingCash.setScale(Money.CASH_SCALE);
        return new ValidSession(name, type, currency, cash, paper ? orZero(body.feesBps()) : null,
                paper ? orZero(body.slippageBps()) : null, limits, cooldownOnTilt);
    }

    /** Writes the new session, its starting equity point and whatever {@code writes} holds, in one transaction. */
    private ValuedSession create(Session session, Writes writes) {
        Account account = Account.create(session);
        if (account.isPaper()) {
            // A journal's curve starts with its first imported trade, which may predate the journal.
            writes.equity(account.point(session.createdAt(), EquityPoint.Kind.START, null));
        }
        writes.account(account.stage());
        store.commit(writes);
        account.committed();
        return answer(account.session());
    }

    /** A new session's answer: its equity is its cash, and it has no orders. */
    private static ValuedSession answer(Session session) {
        return new ValuedSession(session, session.cash(), 0);
    }

    /**
     * A page of the user's sessions as GET answers each: those with resting orders are brought up to date with the
     * market first (their fills change cash, fees and counts); the rest cost no read beyond the page.
     */
    public Page<Session> list(String userId, int limit, String cursor) {
        Page<Session> page = store.sessions(userId, limit, cursor);
        Instant now = clock.instant();
        List<Session> current = new ArrayList<>(page.items().size());
        for (Session session : page.items()) {
            current.add(session.mayFillRestingOrders()
                    ? sessions.current(userId, session.sessionId(), now).session() : session);
        }
        return new Page<>(current, page.nextCursor());
    }

    public ValuedSession get(String userId, String sessionId) {
        Account account = sessions.current(userId, sessionId, clock.instant());
        return view(account);
    }

    /**
     * Stops a session: evaluates what the market did up to now, cancels its resting orders, and freezes its final
     * equity, in one transaction; the cancelled orders are published once it has committed. Not while a closed bar
     * that could fill a resting order is not stored yet (docs/trading.md#sessions). Stopping a stopped session
     * answers it as it is.
     */
    public ValuedSession stop(String userId, String sessionId) {
        Instant now = clock.instant();
        return Retry.onConflict(() -> {
            Account account = sessions.currentOnce(userId, sessionId, now);
            if (account.status() == SessionStatus.STOPPED) {
                return view(account);
            }
            sessions.requireClosedBarsStored(account, account.resting(), "a stop", now);
            Writes writes = store.writes();
            List<String> canceled = new ArrayList<>();
            for (RestingOrder order : account.resting()) {
                writes.endOrder(userId, sessionId, order.orderId(), OrderStatus.CANCELED, EndReason.SESSION_STOPPED, now,
                        null);
                writes.removeResting(order);
                account.removeResting(order.orderId());
                canceled.add(order.orderId());
            }
            account.stop(now);
            writes.equity(account.point(now, EquityPoint.Kind.STOP, null));
            writes.account(account.stage());
            store.commit(writes);
            account.committed();
            if (!canceled.isEmpty()) {
                events.ended(() -> canceled.stream().map(id -> store.order(userId, sessionId, id))
                        .flatMap(Optional::stream).toList());
            }
            return view(account);
        });
    }

    static ValuedSession view(Account account) {
        BigDecimal equity = account.isActive() ? account.equity() : account.finalEquity();
        return new ValuedSession(account.session(), equity, account.resting().size());
    }

    /** The rules of a session's starting cash; a backtest's are a paper session's. */
    static void startingCash(BigDecimal startingCash, boolean paper, String field, Validation validation) {
        if (startingCash == null) {
            validation.check(!paper, field, "is required");
        } else {
            validation.check(paper ? startingCash.signum() > 0 : startingCash.signum() >= 0, field,
                    paper ? "must be greater than zero" : "must not be negative");
            validation.check(startingCash.compareTo(MAX_CASH) < 0, field, "must be below 1000000000000");
            validation.check(startingCash.stripTrailingZeros().scale() <= Money.CASH_SCALE, field,
                    "must be in whole cents (at most 2 decimals)");
        }
    }

    static void bps(BigDecimal value, String field, Validation validation) {
        validation.check(value == null || value.signum() >= 0 && value.compareTo(MAX_BPS) <= 0, field,
                "must be between 0 and 1000 basis points");
        validation.check(value == null || value.stripTrailingZeros().scale() <= 4, field,
                "has more than 4 decimal places");
    }

    private static void percent(BigDecimal value, String field, Validation validation) {
        validation.check(value == null || value.signum() > 0 && value.compareTo(HUNDRED) <= 0, field,
                "must be greater than 0 and at most 100");
        validation.check(value == null || value.stripTrailingZeros().scale() <= 4, field,
                "has more than 4 decimal places");
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : strip(value);
    }

    private static BigDecimal strip(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
