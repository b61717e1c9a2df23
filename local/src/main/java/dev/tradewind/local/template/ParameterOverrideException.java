package dev.tradewind.local.template;

/** A parameter override the template does not take: an unknown name, or a value its constraints refuse. */
public final class ParameterOverrideException extends TemplateException {

    public ParameterOverrideException(String message) {
        super(message);
    }
}
