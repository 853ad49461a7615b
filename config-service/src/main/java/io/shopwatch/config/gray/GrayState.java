package io.shopwatch.config.gray;

import io.shopwatch.common.web.ShopWatchException;

/**
 * The lifecycle of a gray release, a pure function of (state, action):
 *
 * <pre>
 *   (gray publish) ──▶ ACTIVE ──promote──▶ PROMOTED   (the pointer moves to the gray release)
 *                        │
 *                        └────abandon──▶ ABANDONED  (its instances return to the release in force)
 * </pre>
 *
 * PROMOTED and ABANDONED are final: any action on them is a conflict. A new gray release of the same target may start
 * only when none is ACTIVE.
 */
public enum GrayState {
    ACTIVE,
    PROMOTED,
    ABANDONED;

    /** What an operator can do to a gray release. */
    public enum Action {
        PROMOTE,
        ABANDON
    }

    /** The state after {@code action}; a 409 conflict when the action is not allowed from this state. */
    public GrayState next(Action action) {
        if (this != ACTIVE) {
            throw ShopWatchException.conflict(
                    "the gray release is " + name() + ": it can no longer be " + past(action));
        }
        return switch (action) {
            case PROMOTE -> PROMOTED;
            case ABANDON -> ABANDONED;
        };
    }

    /** Whether instances chosen by its rule are served the gray release. */
    public boolean served() {
        return this == ACTIVE;
    }

    private static String past(Action action) {
        return action == Action.PROMOTE ? "promoted" : "abandoned";
    }
}
