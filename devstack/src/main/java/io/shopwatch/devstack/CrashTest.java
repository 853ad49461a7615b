package io.shopwatch.devstack;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveClientSettings;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.common.openobserve.SearchResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The no-loss check, run against a running local stack: posts N log records to logging-service in batches, kills
 * the pipeline with {@code kill -9} a third of the way through and the store two thirds of the way through (the
 * launcher restarts both), retries any batch that was not acknowledged with the same record ids, and then counts
 * what the store holds. It passes when exactly N distinct records are stored, none twice.
 */
final class CrashTest {

    private static final Logger log = LoggerFactory.getLogger(CrashTest.class);
    private static final int BATCH = 500;

    private final StackSettings settings;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StackLogin login;

    CrashTest(StackSettings settings) {
        this.settings = settings;
        this.login = new StackLogin(settings, http);
    }

    int run(int total, String ingestUrl) throws IOException, InterruptedException {
        String stream = "crash_test_" + UUID.randomUUID().toString().substring(0, 8);
        log.info("crash test: {} records into stream {} through {}", total, stream, ingestUrl);
        Instant begin = Instant.now();
        int retries = 0;
        boolean pipelineKilled = false;
        boolean storeKilled = false;
        for (int sent = 0; sent < total; ) {
            if (!pipelineKilled && sent >= total / 3) {
                pipelineKilled = ManagedProcess.killHard(settings, "pipeline");
            }
            if (!storeKilled && sent >= 2 * total / 3) {
                storeKilled = ManagedProcess.killHard(settings, "store");
            }
            int size = Math.min(BATCH, total - sent);
            String body = batch(stream, sent, size);
            while (!post(ingestUrl, body)) {
                retries++;
                Thread.sleep(500);
            }
            sent += size;
        }
        log.info(
                "crash test: all {} records acknowledged in {} s, {} batch retries; waiting for the store",
                total,
                Duration.between(begin, Instant.now()).toSeconds(),
                retries);

        OpenObserveClient store = new OpenObserveClient(OpenObserveClientSettings.builder("http://127.0.0.1:5080")
                .org("default")
                .credentials(OpenObserveCredentials.basic(settings.storeUser(), settings.storePassword()))
                .build());
        long[] counts = {0, 0};
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            Optional<long[]> now = count(store, stream, begin);
            if (now.isPresent()) {
                counts = now.get();
                if (counts[0] >= total) {
                    break;
                }
            }
            Thread.sleep(1000);
        }
        store.close();
        long stored = counts[0];
        long distinct = counts[1];
        log.info(
                "crash test: acknowledged {}, stored {}, distinct {}, duplicates {}, missing {}",
                total,
                stored,
                distinct,
                stored - distinct,
                total - distinct);
        boolean passed = stored == total && distinct == total && pipelineKilled && storeKilled;
        log.info("crash test {}", passed ? "PASSED" : "FAILED");
        return passed ? 0 : 1;
    }

    private Optional<long[]> count(OpenObserveClient store, String stream, Instant begin) {
        try {
            SearchResult result = store.search(SearchRequest.sql(
                            "SELECT count(*) AS n, count(DISTINCT id) AS d FROM \"" + stream + "\"")
                    .range(begin.minus(Duration.ofMinutes(5)), Instant.now().plus(Duration.ofMinutes(5)))
                    .build());
            return Optional.of(new long[] {result.singleLong("n"), result.singleLong("d")});
        } catch (RuntimeException e) {
            return Optional.empty(); // the store is restarting, or the stream does not exist yet
        }
    }

    private static String batch(String stream, int from, int size) {
        StringBuilder body = new StringBuilder(size * 160).append('[');
        for (int i = 0; i < size; i++) {
            int n = from + i;
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"id\":\"")
                    .append(stream)
                    .append('-')
                    .append(n)
                    .append("\",\"level\":\"INFO\",\"service\":\"crash-test\",\"stream\":\"")
                    .append(stream)
                    .append("\",\"message\":\"record ")
                    .append(n)
                    .append("\",\"attributes\":{\"n\":")
                    .append(n)
                    .append("}}");
        }
        return body.append(']').toString();
    }

    /** True when every record of the batch was acknowledged; a refusal that a retry cannot mend stops the test. */
    private boolean post(String url, String body) throws InterruptedException, IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + login.token())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 4 && status != 429 && status != 408) {
                throw new IllegalStateException("logging-service refused the batch: " + status + " " + response.body());
            }
            if (response.statusCode() / 100 == 2 && !response.body().contains("\"rejected\":0")) {
                log.warn("crash test: some records were rejected: {}", response.body());
            }
            return response.statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        }
    }
}
