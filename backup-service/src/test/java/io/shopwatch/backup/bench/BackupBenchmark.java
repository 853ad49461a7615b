package io.shopwatch.backup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.backup.BackupTestSupport;
import io.shopwatch.backup.job.Job;
import io.shopwatch.common.openobserve.IngestResult;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.SearchRequest;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup and restore throughput against a plain {@code _search} export of the same records in the same run, not part
 * of the test suite (surefire runs {@code *Test} classes only):
 * {@code ./mvnw -B -ntp -o -q -pl backup-service -am test -Dtest=BackupBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.records=1000000 -Dbench.page-size=1000 -Dbench.restore-batch=1000} (the service's defaults; the suite's
 * context uses 200 and 300). The store is the embedded one in the same JVM; the backup is the service's real job
 * (slices, counts, verify after write, encryption — the test context has a key — manifest, catalog); the baseline
 * pages {@code SELECT *} through {@code _search} in the same time windows and writes the hits as gzip NDJSON, the same
 * format without the rest.
 * Writes {@code target/backup-benchmark.md}.
 */
class BackupBenchmark extends BackupTestSupport {

    private static final Logger log = LoggerFactory.getLogger(BackupBenchmark.class);

    @Test
    void benchmark() throws Exception {
        int n = Integer.getInteger("bench.records", 200_000);
        String org = "bench";
        String stream = "bench_orders_" + n;
        Instant end = Instant.now().minus(Duration.ofMinutes(1));
        Instant start = end.minus(Duration.ofHours(2));
        String load0 = Files.readString(Path.of("/proc/loadavg")).trim();
        long t0 = System.nanoTime();
        ingest(client(org), stream, n, start, end);
        double ingestSeconds = (System.nanoTime() - t0) / 1e9;
        log.warn("bench: {} records ingested in {} s", n, String.format("%.1f", ingestSeconds));
        OpenObserveClient client = client(org);
        Duration slice = Duration.ofMinutes(10);
        Map<String, Object> body = Map.of(
                "streams", List.of(stream),
                "start", start.toString(),
                "end", end.toString(),
                "slice", "10m");

        // baseline: plain _search, in the same 10-minute windows as the backup (one window's records paged by offset,
        // 1000 a page), written as gzip NDJSON. Paging the whole range by offset would be quadratic: at 1M records
        // each of its 1000 pages sorts the whole stream.
        Path plain = Files.createTempFile("plain-export", ".ndjson.gz");
        long t1 = System.nanoTime();
        long exported = 0;
        try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(plain)), 65536)) {
            for (Instant w = start; w.isBefore(end); w = w.plus(slice)) {
                Instant wEnd = w.plus(slice).isBefore(end) ? w.plus(slice) : end;
                for (int from = 0; ; from += 1000) {
                    List<Map<String, Object>> hits = client.search(
                                    SearchRequest.sql("SELECT * FROM \"" + stream + "\" ORDER BY _timestamp")
                                            .range(w, wEnd)
                                            .from(from)
                                            .size(1000)
                                            .build())
                            .hits();
                    for (Map<String, Object> hit : hits) {
                        out.write(JSON.writeValueAsBytes(hit));
                        out.write('\n');
                    }
                    exported += hits.size();
                    if (hits.size() < 1000) {
                        break;
                    }
                }
            }
        }
        double plainSeconds = (System.nanoTime() - t1) / 1e9;
        long plainBytes = Files.size(plain);
        Files.delete(plain);
        assertThat(exported).isEqualTo(n);
        log.warn("bench: plain export {} s", String.format("%.1f", plainSeconds));

        long t2 = System.nanoTime();
        Job backup = awaitSuccess(startJob(org, "/api/v1/backups", body), Duration.ofMinutes(30));
        double backupSeconds = (System.nanoTime() - t2) / 1e9;
        assertThat(backup.progress().records()).isEqualTo(n);
        long backupBytes = backup.progress().bytes();
        log.warn("bench: backup {} s, {} bytes", String.format("%.1f", backupSeconds), backupBytes);

        long t3 = System.nanoTime();
        Job restore = awaitSuccess(
                startJob(
                        org,
                        "/api/v1/backups/" + backup.backupId() + "/restore",
                        Map.of("streams", Map.of(stream, stream + "_restored"), "timestamps", "shift")),
                Duration.ofMinutes(30));
        double restoreSeconds = (System.nanoTime() - t3) / 1e9;
        String load1 = Files.readString(Path.of("/proc/loadavg")).trim();

        List<String> report = new ArrayList<>();
        report.add("| " + n + " records, embedded store in the JVM | seconds | records/s | MB/s (stored) |");
        report.add("|---|---|---|---|");
        report.add(row("ingest (setup, `_json` batches of 5000)", ingestSeconds, n, -1));
        report.add(row(
                "plain `_search` export (10 min windows, pages of 1000, gzip NDJSON)", plainSeconds, n, plainBytes));
        report.add(row(
                "backup job (10 min slices, pieces of at most " + System.getProperty("bench.page-size", "200")
                        + ", counts, verify after write, AES-256-GCM)",
                backupSeconds,
                n,
                backupBytes));
        report.add(row(
                "restore job (read, decrypt, `_json` batches of " + System.getProperty("bench.restore-batch", "300")
                        + ")",
                restoreSeconds,
                n,
                backupBytes));
        report.add("");
        report.add("backup / plain export time: " + String.format("%.2f", backupSeconds / plainSeconds) + "×; stored "
                + backupBytes + " bytes (plain export " + plainBytes + ")");
        report.add("load average before: " + load0 + "; after: " + load1 + "; restore result: " + restore.result());
        Path out = Path.of("target/backup-benchmark.md");
        Files.write(out, report);
        report.forEach(line -> log.warn("{}", line));
    }

    private static String row(String what, double seconds, long records, long bytes) {
        return String.format(
                "| %s | %.2f | %.0f | %s |",
                what, seconds, records / seconds, bytes < 0 ? "" : String.format("%.2f", bytes / seconds / 1e6));
    }

    private OpenObserveClient client(String org) {
        return openObserve.forOrg(org);
    }

    /**
     * {@code n} order records (the shape of {@code ingestOrders}) over {@code [from, to)}, generated and sent 5,000 at
     * a time so that a million of them are never all in memory.
     */
    private static void ingest(OpenObserveClient client, String stream, int n, Instant from, Instant to) {
        long first = SearchRequest.micros(from);
        long step = (SearchRequest.micros(to) - first) / n;
        String[] statuses = {"paid", "new", "cancelled", "shipped"};
        List<Map<String, Object>> batch = new ArrayList<>(5000);
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("_timestamp", first + step * i);
            r.put("order_id", "o-" + i);
            r.put("status", statuses[i % statuses.length]);
            r.put("amount", 10 + (i % 100) + 0.25);
            r.put("qty", 1 + i % 5);
            if (i % 3 == 0) {
                r.put("coupon", "C" + (i % 11));
            }
            batch.add(r);
            if (batch.size() == 5000 || i == n - 1) {
                IngestResult result = client.ingest(stream, batch);
                if (result.hasFailures()) {
                    throw new IllegalStateException("ingest failed: " + result);
                }
                batch = new ArrayList<>(5000);
            }
        }
    }
}
