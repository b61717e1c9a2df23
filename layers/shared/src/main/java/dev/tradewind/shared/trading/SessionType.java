package dev.tradewind.shared.trading;

/** A paper-trading session places simulated orders; a journal session holds real trades imported from a broker. */
public enum SessionType {
    PAPER,
    JOURNAL
}
