package io.shopwatch.common.state;

import io.shopwatch.common.web.ShopWatchException;
import java.util.function.Function;

/** The web side of a service's state import, the same in every service that has a state API. */
public final class StateImports {

    private StateImports() {}

    /**
     * Runs an import asked for over HTTP: a {@code conflicts} value that is not a {@link ConflictPolicy}, or a document
     * the importer refuses with {@link IllegalArgumentException}, is a 400 problem with the reason.
     */
    public static StateImportResult importing(String conflicts, Function<ConflictPolicy, StateImportResult> importer) {
        ConflictPolicy policy;
        try {
            policy = ConflictPolicy.parse(conflicts);
        } catch (IllegalArgumentException e) {
            throw ShopWatchException.invalid(e.getMessage());
        }
        try {
            return importer.apply(policy);
        } catch (IllegalArgumentException e) {
            throw ShopWatchException.invalid(e.getMessage());
        }
    }
}
