package dev.tradewind.trading.domain;

import java.time.Instant;

/**
 * An import larger than one transaction, marked on its journal while its rows are staged
 * (docs/trading.md#trade-import).
 *
 * @param importId  derived from the journal and the file's valid rows: sending the same file again resumes it
 * @param startedAt when it was marked (or last resumed); another import may take the journal over a lease later
 */
public record PendingImport(String importId, Instant startedAt) {
}
