package io.shopwatch.dashboard.model;

/**
 * One thing wrong with a dashboard document.
 *
 * @param field where, as a JSON path ({@code tabs[0].panels[2].layout.w})
 * @param message what is wrong
 */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
