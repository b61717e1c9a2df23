package dev.tradewind.local.template;

/** template.yaml cannot be read or uses something the local runtime cannot emulate; the message says what and where. */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
