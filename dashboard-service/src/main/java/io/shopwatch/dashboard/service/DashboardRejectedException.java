package io.shopwatch.dashboard.service;

import io.shopwatch.dashboard.model.FieldError;
import java.util.List;

/** A dashboard document that is not a valid v8 dashboard: 400 with one entry per wrong field. */
public class DashboardRejectedException extends RuntimeException {

    private final transient List<FieldError> errors;

    public DashboardRejectedException(List<FieldError> errors) {
        super("the dashboard has " + errors.size() + " invalid field(s); first: " + errors.get(0));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
