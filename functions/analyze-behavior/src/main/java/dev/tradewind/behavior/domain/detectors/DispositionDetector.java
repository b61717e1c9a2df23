package dev.tradewind.behavior.domain.detectors;

import dev.tradewind.behavior.domain.AnalysisContext;
import dev.tradewind.behavior.domain.ClosedTrade;
import dev.tradewind.behavior.domain.Evidence;
import dev.tradewind.behavior.domain.Fill;
import dev.tradewind.behavior.domain.Finding;
import dev.tradewind.behavior.domain.Pattern;
import dev.tradewind.behavior.domain.Recommendation;
import dev.tradewind.behavior.domain.Stats;
import dev.tradewind.behavior.domain.Text;
import dev.tradewind.behavior.domain.Thresholds;
import dev.tradewind.behavior.domain.TradeLedger;
import dev.tradewind.behavior.domain.Values;
import dev.tradewind.shared.market.Candle;
import dev.tradewind.shared.trading.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Disposition effect: selling winners too soon and riding losers too long (Shefrin &amp; Statman 1985), measured as
 * Odean (1998) does. On each day the trader sells a long position, every stock sold that day is a realised gain or
 * loss (sale price against the position's average cost) and every other stock held at the first sale is a paper gain
 * or loss: a paper gain when the last closed bar's low is above the average cost, a paper loss when its high is
 * below, neither otherwise (Odean uses the day's low and high the same way). Summed over sale days:
 * PGR = RG / (RG + PG), PLR = RL / (RL + PL), DE = PGR − PLR, and Odean's t-statistic
 * t = DE / √(PGR(1 − PGR)/(RG + PG) + PLR(1 − PLR)/(RL + PL)). Fees are left out of the classification, as Odean
 * reports makes no difference. Short positions are not part of Odean's test and are skipped there.
 *
 * <p>Also: mean hold time of losing round trips ÷ that of winning ones (all directions).
 */
public final class DispositionDetector implements Detector {

    /** Odean's proportions and test statistic from the four counts. */
    record Odean(int realisedGains, int realisedLosses, int paperGains, int paperLosses, double pgr, double plr,
                 double de, double standardError, double t) {

        static Odean of(int rg, int rl, int pg, int pl) {
            double pgr = rg + pg == 0 ? Double.NaN : (double) rg / (rg + pg);
            double plr = rl + pl == 0 ? Double.NaN : (double) rl / (rl + pl);
            double se = Math.sqrt(pgr * (1 - pgr) / (rg + pg) + plr * (1 - plr) / (rl + pl));
            double de = pgr - plr;
            // With no spread at all (PGR 1 and PLR 0, say) a difference is certain: DE / 0 is ±∞, and 0 / 0 NaN.
            return new Odean(rg, rl, pg, pl, pgr, plr, de, se, de / se);
        }
    }

    @Override
    public Pattern pattern() {
        return Pattern.DISPOSITION_EFFECT;
    }

    @Override
    public Result detect(AnalysisContext context) {
        Thresholds.Disposition t = context.thresholds(Thresholds.DISPOSITION);
        Counter counter = new Counter(context);
        for (Fill fill : context.ledger().fills()) {
            counter.accept(fill);
        }
        counter.finishDay();
        Odean odean = Odean.of(counter.rg, counter.rl, counter.pg, counter.pl);

        List<Double> winnerHolds = new ArrayList<>();
        List<Double> loserHolds = new ArrayList<>();
        for (ClosedTrade c : context.closed()) {
            if (c.isWin()) {
                winnerHolds.add((double) c.hold().toSeconds());
            } else if (c.isLoss()) {
                loserHolds.add((double) c.hold().toSeconds());
            }
        }
        double winnerHold = Stats.mean(winnerHolds.stream().mapToDouble(Double::doubleValue).toArray());
        double loserHold = Stats.mean(loserHolds.stream().mapToDouble(Double::doubleValue).toArray());
        double holdRatio = winnerHold > 0 ? loserHold / winnerHold : Double.NaN;
        boolean holdTestable = winnerHolds.size() >= t.minHoldTrades() && loserHolds.size() >= t.minHoldTrades();
        boolean holdDetected = holdTestable && holdRatio >= t.holdRatio();
        boolean deTestable = counter.rg + counter.pg >= t.minObservations()
                && counter.rl + counter.pl >= t.minObservations();
        boolean deDetected = deTestable && odean.de() >= t.minDe() && odean.t() >= t.minT();

        var metrics = Values.of().count("saleDays", counter.saleDays).count("realisedGains", counter.rg)
                .count("paperGains", counter.pg).count("realisedLosses", counter.rl).count("paperLosses", counter.pl)
                .count("paperNeither", counter.neither).count("unpricedPaperPositions", counter.unpriced)
                .ratio("pgr", odean.pgr()).ratio("plr", odean.plr()).ratio("de", odean.de())
                .ratio("standardError", odean.standardError()).ratio("t", odean.t()).flag("deTested", deTestable)
                .ratio("deMin", t.minDe()).ratio("tMin", t.minT())
                .count("winners", winnerHolds.size()).count("losers", loserHolds.size())
                .ratio("meanWinnerHoldHours", winnerHold / 3600).ratio("meanLoserHoldHours", loserHold / 3600)
                .ratio("loserToWinnerHoldRatio", holdRatio).ratio("holdRatioMin", t.holdRatio()).build();
        EvidenceTail holds = new EvidenceTail();
        if (holdDetected) {
            context.closed().stream().filter(ClosedTrade::isLoss)
                    .filter(c -> c.hold().toSeconds() >= t.holdRatio() * winnerHold)
                    .forEach(c -> holds.add(() -> new Evidence(c.exitTime(), c.symbol(),
                            concat(c.entryFillIds(), c.id()), Text.f("held a loser %s (winners: %s on average),"
                                    + " lost %s", Text.hours(c.hold().toSeconds()), Text.hours(winnerHold),
                            Text.money(c.pnl().negate())), Values.of().ratio("holdHours", c.hold().toSeconds() / 3600.0)
                            .money("pnl", c.pnl()).build())));
        }
        List<Evidence> evidence = new ArrayList<>(counter.evidence.build());
        evidence.addAll(holds.build());
        int evidenceCount = counter.evidence.count() + holds.count();
        if (!deTestable && !holdTestable) {
            return Result.of(Findings.insufficient(pattern(), Text.f("Odean's test needs %d realised or paper"
                            + " observations of gains and of losses (have %d and %d, %d paper positions unpriced);"
                            + " the hold ratio needs %d winners and %d losers (have %d and %d)",
                    t.minObservations(), counter.rg + counter.pg, counter.rl + counter.pl, counter.unpriced,
                    t.minHoldTrades(), t.minHoldTrades(), winnerHolds.size(), loserHolds.size()), metrics));
        }
        double score = Stats.either(deDetected ? Stats.pastThreshold(odean.de(), t.minDe()) : 0,
                holdDetected ? Stats.pastThreshold(holdRatio - 1, t.holdRatio() - 1) : 0);
        String summary = Text.f("PGR %s vs PLR %s (DE %s, t %s) over %s; losers held %s as long as winners",
                fmt(odean.pgr()), fmt(odean.plr()), signed(odean.de()), fmt(odean.t()),
                Text.plural(counter.saleDays, "sale day", "sale days"),
                Double.isFinite(holdRatio) ? Text.x(holdRatio) : "(undefined)");
        boolean detected = deDetected || holdDetected;
        Finding finding = Findings.of(pattern(), detected, score, summary, metrics, evidence, evidenceCount);
        if (!detected) {
            return Result.of(finding);
        }
        List<String> seen = new ArrayList<>();
        if (deDetected) {
            seen.add(Text.f("you realised %s of your available gains but only %s of your losses (PGR %.2f vs PLR"
                    + " %.2f, DE %+.2f, t %s)", Text.pct(odean.pgr()), Text.pct(odean.plr()), odean.pgr(),
                    odean.plr(), odean.de(), Text.stat(odean.t(), 2)));
        }
        if (holdDetected) {
            seen.add(Text.f("losers were held %s as long as winners (%s vs %s)", Text.x(holdRatio),
                    Text.hours(loserHold), Text.hours(winnerHold)));
        }
        String text = String.join("; ", seen) + Text.f(" → set the stop-loss when you enter and leave it there;"
                + " review any open loser held longer than your average winner (%s) as if buying it today.",
                Text.hours(winnerHold));
        return new Result(finding, new Recommendation(pattern(), finding.severity(),
                Character.toUpperCase(text.charAt(0)) + text.substring(1), false), null);
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "undefined" : Text.stat(value, 3);
    }

    private static String signed(double value) {
        return Double.isFinite(value) ? Text.f("%+.3f", value) : "undefined";
    }

    private static List<String> concat(List<String> ids, String id) {
        List<String> all = new ArrayList<>(ids);
        all.add(id);
        return all;
    }

    /** Replays fills with average-cost long positions and counts Odean's four categories per sale day. */
    private static final class Counter {
        private final AnalysisContext context;
        /** Open positions only, sorted: a sale day's paper lists name their stocks in order. */
        private final Map<String, Position> positions = new TreeMap<>();
        private final EvidenceTail evidence = new EvidenceTail();
        private LocalDate saleDay;
        private Instant firstSale;
        private List<Held> heldAtFirstSale;
        private final Map<String, Sale> sold = new TreeMap<>();
        int rg;
        int rl;
        int pg;
        int pl;
        int neither;
        int unpriced;
        int saleDays;

        Counter(AnalysisContext context) {
            this.context = context;
        }

        void accept(Fill fill) {
            LocalDate day = context.day(fill.time());
            if (saleDay != null && !day.equals(saleDay)) {
                finishDay();
            }
            Position position = positions.computeIfAbsent(fill.symbol(), s -> new Position());
            if (fill.side() == Side.SELL && position.quantity.signum() > 0) {
                if (saleDay == null) {
                    saleDay = day;
                    firstSale = fill.time();
                    // Every sale day copies what is held, thousands of stocks at most: the average cost is taken
                    // only for those the market can price, below.
                    heldAtFirstSale = new ArrayList<>();
                    positions.forEach((symbol, p) -> {
                        if (p.quantity.signum() > 0) {
                            heldAtFirstSale.add(new Held(symbol, p.quantity, p.cost));
                        }
                    });
                }
                BigDecimal closed = fill.quantity().min(position.quantity);
                sold.computeIfAbsent(fill.symbol(), s -> new Sale(position.averageCost())).add(fill, closed);
            }
            position.apply(fill);
            if (position.quantity.signum() == 0) {
                positions.remove(fill.symbol());
            }
        }

        void finishDay() {
            if (saleDay == null) {
                return;
            }
            saleDays++;
            List<String> realisedGains = new ArrayList<>();
            List<String> realisedLosses = new ArrayList<>();
            List<String> paperGains = new ArrayList<>();
            List<String> paperLosses = new ArrayList<>();
            List<String> tradeIds = new ArrayList<>();
            sold.forEach((symbol, sale) -> {
                tradeIds.addAll(sale.fillIds);
                int cmp = sale.averagePrice().compareTo(sale.reference);
                if (cmp > 0) {
                    rg++;
                    realisedGains.add(symbol);
                } else if (cmp < 0) {
                    rl++;
                    realisedLosses.add(symbol);
                }
            });
            for (Held held : heldAtFirstSale) {
                if (sold.containsKey(held.symbol())) {
                    continue;
                }
                List<Candle> bar = context.market().closedBarsBefore(held.symbol(), firstSale, 1);
                if (bar.isEmpty()) {
                    unpriced++;
                    continue;
                }
                BigDecimal averageCost = held.averageCost();
                if (bar.get(0).low().compareTo(averageCost) > 0) {
                    pg++;
                    paperGains.add(held.symbol());
                } else if (bar.get(0).high().compareTo(averageCost) < 0) {
                    pl++;
                    paperLosses.add(held.symbol());
                } else {
                    neither++;
                }
            }
            LocalDate day = saleDay;
            Instant time = firstSale;
            evidence.add(() -> new Evidence(time, null, tradeIds, Text.f(
                    "%s: realised gains %s, realised losses %s, paper gains %s, paper losses %s", day,
                    realisedGains, realisedLosses, paperGains, paperLosses),
                    Values.of().text("day", day.toString()).list("realisedGains", realisedGains)
                            .list("realisedLosses", realisedLosses).list("paperGains", paperGains)
                            .list("paperLosses", paperLosses).build()));
            saleDay = null;
            firstSale = null;
            heldAtFirstSale = null;
            sold.clear();
        }
    }

    /** A long position as it stood at a sale day's first sale. */
    private record Held(String symbol, BigDecimal quantity, BigDecimal cost) {
        BigDecimal averageCost() {
            return DispositionDetector.averageCost(cost, quantity);
        }
    }

    private static BigDecimal averageCost(BigDecimal cost, BigDecimal quantity) {
        return cost.divide(quantity, TradeLedger.MC);
    }

    private static final class Position {
        BigDecimal quantity = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;

        BigDecimal averageCost() {
            return DispositionDetector.averageCost(cost, quantity);
        }

        void apply(Fill fill) {
            BigDecimal q = fill.quantity();
            if (fill.side() == Side.BUY) {
                if (quantity.signum() >= 0) {
                    cost = cost.add(q.multiply(fill.price()));
                    quantity = quantity.add(q);
                } else {
                    quantity = quantity.add(q);
                    cost = quantity.signum() > 0 ? quantity.multiply(fill.price()) : BigDecimal.ZERO;
                }
            } else if (quantity.signum() > 0) {
                BigDecimal closed = q.min(quantity);
                cost = cost.subtract(closed.multiply(averageCost()));
                quantity = quantity.subtract(q);
                if (quantity.signum() <= 0) {
                    cost = BigDecimal.ZERO;
                }
            } else {
                quantity = quantity.subtract(q);
            }
        }
    }

    private static final class Sale {
        final BigDecimal reference;
        BigDecimal quantity = BigDecimal.ZERO;
        BigDecimal proceeds = BigDecimal.ZERO;
        final List<String> fillIds = new ArrayList<>();

        Sale(BigDecimal reference) {
            this.reference = reference;
        }

        void add(Fill fill, BigDecimal closed) {
            quantity = quantity.add(closed);
            proceeds = proceeds.add(closed.multiply(fill.price()));
            fillIds.add(fill.id());
        }

        BigDecimal averagePrice() {
            return proceeds.divide(quantity, TradeLedger.MC);
        }
    }
}
