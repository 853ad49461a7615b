package io.shopwatch.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.store.error.StoreException;
import io.shopwatch.store.ingest.IngestStatus;
import io.shopwatch.store.stream.StreamKey;
import io.shopwatch.store.stream.StreamMeta;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streamed {@code _json} path ({@code Ingester.ingestJson}) stores exactly what the tree path stores: the same
 * columns in the same order with the same types, the same rows, the same counts and refusal reasons.
 */
class StreamingIngestTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                // flat records as the pipeline sends them, keys not sorted
                "[{\"id\":\"a\",\"_timestamp\":1773140400000000,\"level\":\"info\",\"status\":200,\"ms\":1.5},"
                        + "{\"id\":\"b\",\"_timestamp\":1773140400000001,\"level\":\"warn\",\"status\":500,\"ms\":2}]",
                // keys that normalise to the same name: the later in sorted order wins, a null removes
                "[{\"b\":1,\"a\":\"x\",\"A\":2,\"c\":null,\"C\":5}]",
                "[{\"a\":{\"b\":null},\"A_b\":1},{\"A_b\":2,\"a\":{\"b\":3}}]",
                // repeated keys: the last value counts, as in a tree
                "[{\"k\":1,\"k\":\"two\"},{\"n\":{\"x\":1},\"n\":{\"y\":2}},{\"m\":null,\"m\":4},{\"m\":4,\"m\":null}]",
                // nesting beyond the flatten level, arrays, empty containers
                "[{\"deep\":{\"a\":{\"b\":{\"c\":{\"d\":1}}}},\"arr\":[{\"z\":1,\"a\":2}],\"empty\":[],\"eo\":{},"
                        + "\"obj\":{\"y\":true,\"x\":\"s\"}}]",
                // not objects
                "[1,\"x\",[1,2],{\"ok\":true},null,{}]",
                // numbers at the edges of 64 bits (a UInt64 column alone is left out: neither path can append to it)
                "[{\"neg\":-9223372036854775808,\"huge\":123456789012345678901234567890,\"f\":1.5e3,"
                        + "\"max\":9223372036854775807}]",
                // the _timestamp rules and the window
                "[{\"_timestamp\":\"2026-03-10T11:00:00Z\"},{\"_timestamp\":\"garbage\"},{\"@timestamp\":1773140400000},"
                        + "{\"_timestamp\":0},{\"_timestamp\":1773140400.5},{\"_timestamp\":1000000},"
                        + "{\"_timestamp\":\"1773140400\"},{\"_timestamp\":true}]",
                // one object, not an array
                "{\"one\":1,\"Two\":\"2\"}",
                // names
                "[{\"Ünïcode\":1,\"k8s/pod-name\":\"p\",\"@ts\":\"x\",\"a--b\":1}]",
                // column order: first appearance among the kept rows
                "[{\"zz\":1,\"_timestamp\":\"bad\"},{\"yy\":1,\"zz\":2},{\"z\":1},{\"y\":1,\"z\":2}]",
                // types widening within one batch
                "[{\"v\":true},{\"v\":1},{\"v\":1.5},{\"v\":\"s\"},{\"w\":1},{\"w\":18446744073709551615}]",
                "[]",
                "  [ ]  "
            })
    void ingestJson_storesWhatTheTreePathStores(String body) {
        try (StoreFixture store = new StoreFixture(dir, new StoreFixture.MutableClock(NOW))) {
            IngestStatus tree = store.ingestTrees("default", "tree", body);
            IngestStatus streamed = store.ingest("default", "streamed", body);

            assertThat(streamed.successful()).isEqualTo(tree.successful());
            assertThat(streamed.failed()).isEqualTo(tree.failed());
            assertThat(streamed.error()).isEqualTo(tree.error());
            assertThat(streamed.name()).isEqualTo("streamed");
            assertThat(columns(store, "streamed")).isEqualTo(columns(store, "tree"));
            if (tree.successful() > 0) {
                assertThat(rows(store, "streamed")).isEqualTo(rows(store, "tree"));
                assertThat(store.streams.stats(meta(store, "streamed")).originalBytes())
                        .isEqualTo(store.streams.stats(meta(store, "tree")).originalBytes());
            }
        }
    }

    @Test
    void ingestJson_refusesABodyThatStopsBeingJsonAndStoresNothing() {
        try (StoreFixture store = new StoreFixture(dir, new StoreFixture.MutableClock(NOW))) {
            StoreException e = catchThrowableOfType(
                    StoreException.class, () -> store.ingest("default", "broken", "[{\"a\":1},{\"a\":2},{\"a\":"));

            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).startsWith("Invalid json: ");
            assertThat(store.streams.find(new StreamKey("default", StreamType.LOGS, "broken")))
                    .isEmpty();
        }
    }

    @Test
    void ingestJson_refusesAnEmptyBody() {
        try (StoreFixture store = new StoreFixture(dir, new StoreFixture.MutableClock(NOW))) {
            StoreException e = catchThrowableOfType(StoreException.class, () -> store.ingest("default", "empty", ""));

            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("Invalid json: the request body is empty");
        }
    }

    @Test
    void ingestJson_treatsTrailingContentAsTheTreeReaderDoes() {
        try (StoreFixture store = new StoreFixture(dir, new StoreFixture.MutableClock(NOW))) {
            String body = "[{\"a\":1}] [{\"a\":2}]";
            boolean treeRefuses = false;
            try {
                StoreFixture.JSON.readTree(body);
            } catch (RuntimeException e) {
                treeRefuses = true;
            }
            StoreException e = catchThrowableOfType(StoreException.class, () -> store.ingest("default", "t", body));

            assertThat(e != null).isEqualTo(treeRefuses);
        }
    }

    private static StreamMeta meta(StoreFixture store, String stream) {
        return store.streams
                .find(new StreamKey("default", StreamType.LOGS, stream))
                .orElseThrow();
    }

    private static List<String> columns(StoreFixture store, String stream) {
        List<String> out = new ArrayList<>();
        store.streams.find(new StreamKey("default", StreamType.LOGS, stream)).ifPresent(m -> m.columns()
                .forEach((name, type) -> out.add(name + ":" + type)));
        return out;
    }

    private static List<String> rows(StoreFixture store, String stream) {
        List<String> out = new ArrayList<>();
        store.search("default", "SELECT * FROM \"" + stream + "\"").get("hits").forEach(h -> out.add(h.toString()));
        out.sort(null);
        return out;
    }
}
