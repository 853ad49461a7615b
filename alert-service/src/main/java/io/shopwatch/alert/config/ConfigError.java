package io.shopwatch.alert.config;

/**
 * One problem in a configuration text.
 *
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param path where in the document ({@code route.routes[1].group_wait})
 * @param message what is wrong
 */
public record ConfigError(int line, int column, String path, String message) {

    @Override
    public String toString() {
        String where = line > 0 ? "line " + line + ", column " + column + ": " : "";
        return where + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
