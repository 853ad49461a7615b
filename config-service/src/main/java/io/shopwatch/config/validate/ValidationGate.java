package io.shopwatch.config.validate;

import io.shopwatch.config.release.Draft;
import io.shopwatch.config.release.PublishGate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/** Runs every rule over a configuration; a publish with any error is refused with all of them. */
public final class ValidationGate implements PublishGate {

    private final List<ConfigRule> rules;

    public ValidationGate(List<ConfigRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Every problem of the properties, empty when they may be published. */
    public List<FieldError> validate(String application, SortedMap<String, Object> properties) {
        List<FieldError> errors = new ArrayList<>();
        for (ConfigRule rule : rules) {
            errors.addAll(rule.check(application, properties));
        }
        return errors;
    }

    @Override
    public void check(Draft draft, String publisher) {
        List<FieldError> errors = validate(draft.target().application(), draft.properties());
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException(errors);
        }
    }
}
