package io.shopwatch.alert.notify.template;

/**
 * A template that cannot be used.
 *
 * @param setting the setting that holds it ({@code title}, {@code text_resolved}, ...)
 * @param line the line of the template the error is on, 0 when not known
 * @param message what is wrong
 */
public record TemplateError(String setting, int line, String message) {

    @Override
    public String toString() {
        return "template " + setting + (line > 0 ? " line " + line : "") + ": " + message;
    }
}
