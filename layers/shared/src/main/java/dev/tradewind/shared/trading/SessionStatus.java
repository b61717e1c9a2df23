package dev.tradewind.shared.trading;

/** A stopped session accepts no new orders or imports; its final equity is frozen. */
public enum SessionStatus {
    ACTIVE,
    STOPPED
}
