package io.shopwatch.dashboard.service;

import io.shopwatch.dashboard.store.StoredDashboard;

/** A write that named an old hash: someone saved the dashboard in between. 409 with the current hash and revision. */
public class StaleDashboardException extends RuntimeException {

    private final transient StoredDashboard current;

    public StaleDashboardException(StoredDashboard current) {
        super("dashboard '" + current.dashboardId() + "' was changed by someone else (now revision "
                + current.revision() + "); reload it and apply your change again");
        this.current = current;
    }

    public StoredDashboard current() {
        return current;
    }
}
