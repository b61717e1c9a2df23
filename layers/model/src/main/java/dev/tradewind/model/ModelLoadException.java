package dev.tradewind.model;

import java.nio.file.Path;

/** A model folder could not be turned into a usable model; {@link #reason()} says why, for a health route. */
public final class ModelLoadException extends RuntimeException {

    public enum Reason {
        /** No model file (or folder) at the given path. */
        NOT_FOUND,
        /** The file exists but could not be read. */
        UNREADABLE,
        /** ONNX Runtime rejected the bytes (truncated, not protobuf, unsupported operator...). */
        INVALID_MODEL,
        /** A valid ONNX model, but not one that follows {@link ModelContract} or the card's features. */
        CONTRACT_VIOLATION,
        /** The model card is missing fields or is not JSON. */
        INVALID_CARD,
        /** model.onnx is not the file its card describes (its SHA-256 differs): corrupted or replaced. */
        VERSION_MISMATCH,
        /** ONNX Runtime's native libraries could not be loaded (wrong architecture, missing files). */
        RUNTIME_UNAVAILABLE
    }

    private final Reason reason;
    private final Path path;

    public ModelLoadException(Reason reason, Path path, String message, Throwable cause) {
        super(reason + " " + path + ": " + message, cause);
        this.reason = reason;
        this.path = path;
    }

    public Reason reason() {
        return reason;
    }

    public Path path() {
        return path;
    }
}
