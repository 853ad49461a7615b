package io.shopwatch.metrics.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to {@code POST /api/v1/metrics}, sample by sample, like {@code /api/v1/logs}.
 *
 * @param accepted samples (a histogram counts once) Kafka acknowledged
 * @param rejected samples refused, each listed in {@code results}
 * @param results the refused samples (with {@code ?results=all}: every sample)
 */
public record IngestResponse(long accepted, long rejected, List<Result> results) {

    /**
     * The outcome of one sample.
     *
     * @param index position in the request, from 0
     * @param name the metric name as sent
     * @param status {@code accepted} or {@code rejected}
     * @param reason the stable reason code ({@code max_series_per_metric}, ...), refused samples only
     * @param errorId the stable error id ({@code err-shopwatch-max-series-per-metric}, ...), refused samples only
     * @param message what is wrong and the setting to change, refused samples only
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(
            int index,
            String name,
            String status,
            String reason,
            @JsonProperty("error_id") String errorId,
            String message) {}

    public static IngestResponse of(MetricsIngestor.Outcome outcome, boolean all) {
        List<Result> results = new ArrayList<>();
        for (MetricsIngestor.ItemResult result : outcome.results()) {
            Item item = result.item();
            if (result.rejection() != null) {
                results.add(new Result(
                        item.index(),
                        item.name(),
                        "rejected",
                        result.rejection().refusal().reason(),
                        result.rejection().refusal().errorId(),
                        result.rejection().message()));
            } else if (all) {
                results.add(new Result(item.index(), item.name(), "accepted", null, null, null));
            }
        }
        return new IngestResponse(outcome.acceptedItems(), outcome.rejectedItems(), results);
    }
}
