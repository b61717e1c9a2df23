package dev.tradewind.shared.trading;

/** Where a trade came from: a paper-trading fill, or a real fill imported from a broker export into a journal. */
public enum TradeSource {
    PAPER,
    IMPORT
}
