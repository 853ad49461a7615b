package io.shopwatch.config.validate;

/**
 * One reason a configuration may not be published.
 *
 * @param field the property key at fault ({@code pipeline.sampling-rate}); empty for the whole document
 * @param message what is wrong, for people
 * @param rule which check found it: {@code schema:<keyword>} or {@code platform:<rule>}
 */
public record FieldError(String field, String message, String rule) {}
