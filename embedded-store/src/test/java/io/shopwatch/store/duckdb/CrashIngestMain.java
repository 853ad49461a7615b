package io.shopwatch.store.duckdb;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Child process of {@link CrashRecoveryTest}: ingests batches of 100 records for ever and prints {@code acked N} after
 * each batch the store acknowledged, until it is killed.
 */
public final class CrashIngestMain {

    private CrashIngestMain() {}

    public static void main(String[] args) {
        StoreFixture store = new StoreFixture(Path.of(args[0]), new StoreFixture.MutableClock(Instant.now()));
        long acked = 0;
        for (int batch = 0; ; batch++) {
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < 100; i++) {
                json.append(i == 0 ? "" : ",")
                        .append("{\"batch\":")
                        .append(batch)
                        .append(",\"log\":\"")
                        .append("x".repeat(400))
                        .append("\"}");
            }
            json.append(']');
            acked += store.ingest("default", "crash", json.toString()).successful();
            System.out.println("acked " + acked);
            System.out.flush();
        }
    }
}
