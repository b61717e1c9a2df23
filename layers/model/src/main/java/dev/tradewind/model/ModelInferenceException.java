package dev.tradewind.model;

/** ONNX Runtime failed while scoring rows that passed validation. */
public final class ModelInferenceException extends RuntimeException {

    public ModelInferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
