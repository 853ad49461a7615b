package io.shopwatch.dashboard.migrate;

/**
 * Something an import could not carry over, or changed on the way.
 *
 * @param path where in the source ({@code panels[3].fieldConfig.defaults.thresholds})
 * @param message what happened to it
 */
public record ImportNote(String path, String message) {}
