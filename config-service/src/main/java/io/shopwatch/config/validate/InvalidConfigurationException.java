package io.shopwatch.config.validate;

import java.util.List;

/** A publish refused by the validation gate; nothing was stored. Answered as 422 problem+json with the errors. */
public class InvalidConfigurationException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidConfigurationException(List<FieldError> errors) {
        super(errors.size() + " invalid setting(s)");
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
