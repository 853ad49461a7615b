package io.shopwatch.config.validate;

import java.util.List;
import java.util.SortedMap;

/** One check of a configuration about to be published; returns every problem it finds, never throws. */
public interface ConfigRule {

    List<FieldError> check(String application, SortedMap<String, Object> properties);
}
