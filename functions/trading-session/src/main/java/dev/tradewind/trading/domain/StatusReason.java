package dev.tradewind.trading.domain;

/** Why an order ended without a fill: the code stored as its status reason and shown in its view. */
public sealed interface StatusReason permits EndReason, Rejection {

    String code();
}
