package io.shopwatch.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.store.EmbeddedStoreServer;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A metric read page by page from the embedded store: many series share each timestamp (as one scrape or one
 * remote-write request writes them), so a page boundary falls among rows of equal {@code _timestamp}. Ordered by the
 * timestamp alone, such rows come back in any order on each page's query and pages repeat some and skip others.
 */
class StoreSeriesSourcePagingTest {

    @Test
    void everySampleIsReadOnce_whenPageBoundariesFallAmongEqualTimestamps() throws Exception {
        try (EmbeddedStoreServer store =
                EmbeddedStoreServer.start(Files.createTempDirectory("paging-store"), "u@example.com", "secret", 0)) {
            OpenObserveClient client = new OpenObserveClient(OpenObserveClientSettings.builder(store.url())
                    .org("paging")
                    .basicAuth("u@example.com", "secret")
                    .build());
            long minute = Instant.now()
                    .minus(10, ChronoUnit.MINUTES)
                    .truncatedTo(ChronoUnit.MINUTES)
                    .toEpochMilli();
            List<Map<String, Object>> samples = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                for (int s = 0; s < 40; s++) {
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("__name__", "paging_total");
                    sample.put("__type__", "counter");
                    sample.put("pod", "pod-" + s);
                    sample.put("_timestamp", (minute + t * 15_000L) * 1000);
                    sample.put("value", (double) t);
                    samples.add(sample);
                }
            }
            assertThat(client.ingestMetrics(samples).failed()).isZero();

            List<SeriesSource.StoredSeries> series = new StoreSeriesSource(client, 7, 10_000)
                    .select("paging_total", List.of(), minute - 1, minute + 60_000);

            assertThat(series).hasSize(40);
            assertThat(series).allSatisfy(one -> assertThat(one.timestamps()).hasSize(3));
        }
    }
}
