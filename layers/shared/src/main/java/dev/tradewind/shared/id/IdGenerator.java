package dev.tradewind.shared.id;

/** Supplies unique identifiers; injected so tests can make them predictable. */
@FunctionalInterface
public interface IdGenerator {
    String newId();
}
