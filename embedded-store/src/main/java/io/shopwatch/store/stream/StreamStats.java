package io.shopwatch.store.stream;

/**
 * A stream's statistics as the streams API reports them.
 *
 * @param docNum rows
 * @param docTimeMin oldest {@code _timestamp}, µs (0 when empty)
 * @param docTimeMax newest {@code _timestamp}, µs (0 when empty)
 * @param originalBytes bytes of the ingested JSON records still stored
 * @param storedBytes bytes the table takes in the database file (estimate)
 */
public record StreamStats(long docNum, long docTimeMin, long docTimeMax, long originalBytes, long storedBytes) {}
