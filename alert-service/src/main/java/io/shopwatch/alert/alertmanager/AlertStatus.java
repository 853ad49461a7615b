package io.shopwatch.alert.alertmanager;

import java.util.List;

/**
 * How an alert stands in the pipeline, as Alertmanager's API reports it.
 *
 * @param state {@code active}, {@code suppressed} or {@code unprocessed}
 * @param silencedBy ids of the silences muting it
 * @param inhibitedBy fingerprints of the alerts inhibiting it
 * @param mutedBy names of the time intervals muting it now
 * @param receivers receivers of the routes it matches
 */
public record AlertStatus(
        String state,
        List<String> silencedBy,
        List<String> inhibitedBy,
        List<String> mutedBy,
        List<String> receivers) {}
