package dev.tradewind.trainer.xgb;

/** Unchecked wrapper for XGBoost native failures and unsupported saved-model content. */
public final class XgbException extends RuntimeException {
    public XgbException(String message) {
        super(message);
    }

    public XgbException(String message, Throwable cause) {
        super(message, cause);
    }
}
