package io.shopwatch.performance.budget;

import java.time.Instant;

/**
 * The sampling rate of one stream, as published to the pipeline and tracing-service and served by the API.
 *
 * @param org the organisation
 * @param stream the stream (lower case)
 * @param rate share of the stream's sampleable records to keep, from {@code minRate} to 1; errors are always kept
 * @param neverSampled true for a configured stream (payments): every record is kept, {@code rate} is 1
 * @param storedPerSecond sampleable records stored per second in the last interval (after sampling)
 * @param exemptPerSecond records stored per second that sampling never drops (errors, never-sampled streams)
 * @param estimatedIncomingPerSecond sampleable records per second before sampling ({@code storedPerSecond / rate})
 * @param targetPerSecond sampleable records per second the budgets allow; null when no budget applies
 * @param limitedBy which budget gives the target: {@code stream records/s}, {@code stream bytes/day},
 *     {@code org records/s}, {@code org bytes/day}, {@code none}, {@code never sampled}
 * @param at when the rate was computed
 */
public record SamplingRate(
        String org,
        String stream,
        double rate,
        boolean neverSampled,
        double storedPerSecond,
        double exemptPerSecond,
        double estimatedIncomingPerSecond,
        Double targetPerSecond,
        String limitedBy,
        Instant at) {}
