package io.shopwatch.alert.store;

import io.shopwatch.alert.core.Alert;

/**
 * An alert with the version of its stored row; versions of one alert only grow.
 *
 * @param alert the alert
 * @param version version of the stored row
 */
public record StoredAlert(Alert alert, long version) {}
