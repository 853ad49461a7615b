package io.shopwatch.backup;

import static org.awaitility.Awaitility.await;

import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.job.JobRepository;
import io.shopwatch.backup.job.JobState;
import io.shopwatch.backup.state.InMemoryStateServer;
import io.shopwatch.backup.target.InProcessS3;
import io.shopwatch.common.openobserve.IngestResult;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.store.EmbeddedStoreServer;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One application context for every API test of this module: the service on a random port, its own PostgreSQL
 * database, the embedded store (OpenObserve API on DuckDB) in this JVM, a local target in a temporary directory and an
 * S3 target on an in-process S3-compatible server. Token
 * checks are off, so the org comes from {@code X-ShopWatch-Org}; each test uses its own org and stream names.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BackupTestSupport {

    public static final String STORE_USER = "root@example.com";
    public static final String STORE_PASSWORD = "Complexpass#123";
    /** The test context's encryption key (32 bytes, base64). */
    public static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    protected static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedStoreServer store;
    private static String databaseUrl;
    private static Path backupDir;
    private static InMemoryStateServer alphaState;
    private static InMemoryStateServer betaState;
    /** The stateful services' names, each with a state API of the test's in-memory implementation. */
    protected static final List<String> PLATFORM_SERVICES = List.of("dashboards", "alerts", "config", "auth");

    private static final Map<String, InMemoryStateServer> platformState = new LinkedHashMap<>();

    @LocalServerPort
    protected int port;

    @Autowired
    protected OpenObserveClient openObserve;

    @Autowired
    protected JobRepository jobs;

    static synchronized EmbeddedStoreServer store() {
        if (store == null) {
            String key = "spring.autoconfigure.exclude";
            System.setProperty(
                    key,
                    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
            try {
                store = EmbeddedStoreServer.start(
                        Files.createTempDirectory("backup-store"), STORE_USER, STORE_PASSWORD, 0);
                backupDir = Files.createTempDirectory("backup-target");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                System.clearProperty(key);
            }
            databaseUrl = EmbeddedPostgresSupport.newDatabase("backup");
            InProcessS3.createBucket("backups");
            alphaState = new InMemoryStateServer("alpha");
            betaState = new InMemoryStateServer("beta");
            for (String name : PLATFORM_SERVICES) {
                platformState.put(name, new InMemoryStateServer(name));
            }
        }
        return store;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedStoreServer s = store();
        registry.add("spring.datasource.url", () -> databaseUrl);
        registry.add("shopwatch.openobserve.url", s::url);
        registry.add("shopwatch.openobserve.user", () -> STORE_USER);
        registry.add("shopwatch.openobserve.password", () -> STORE_PASSWORD);
        registry.add("shopwatch.security.enabled", () -> "false");
        registry.add("shopwatch.backup.local.dir", () -> backupDir.toString());
        // small pages make the tests' few hundred records split into several reads; BackupBenchmark runs with the
        // service's default (1000) through -Dbench.page-size
        registry.add("shopwatch.backup.streams.page-size", () -> System.getProperty("bench.page-size", "200"));
        registry.add("shopwatch.backup.s3.enabled", () -> "true");
        registry.add(
                "shopwatch.backup.s3.endpoint", () -> InProcessS3.endpoint().toString());
        registry.add("shopwatch.backup.s3.bucket", () -> "backups");
        registry.add("shopwatch.backup.s3.prefix", () -> "shopwatch/");
        registry.add("shopwatch.backup.s3.access-key", () -> InProcessS3.ACCESS_KEY);
        registry.add("shopwatch.backup.s3.secret-key", () -> InProcessS3.SECRET_KEY);
        // the service believes the store refuses records older than 2.5 h (with a 10 min margin): the tests put their
        // "old" records between 3 and 4 h back, which the store (5 h) still takes in
        registry.add("shopwatch.backup.restore.ingest-allowed-upto", () -> "150m");
        registry.add("shopwatch.backup.restore.batch-size", () -> System.getProperty("bench.restore-batch", "300"));
        registry.add("shopwatch.backup.jobs.poll-interval", () -> "200ms");
        registry.add("shopwatch.backup.jobs.progress-interval", () -> "0s");
        // every set the tests write is encrypted at rest: each backup and restore test goes through the cipher
        registry.add("shopwatch.backup.encryption-key", () -> ENCRYPTION_KEY);
        // schedules are ticked by the tests themselves, on a virtual clock
        registry.add("shopwatch.backup.schedules.enabled", () -> "false");
        // state APIs of the test's in-memory implementation of the contract instead of the real ones: two of their
        // own, and one under each stateful service's name (PlatformStateBackupTest)
        platformState.forEach(
                (name, server) -> registry.add("shopwatch.backup.state.services." + name, () -> server.stateUrl()
                        .toString()));
        registry.add(
                "shopwatch.backup.state.services.alpha",
                () -> alphaState.stateUrl().toString());
        registry.add(
                "shopwatch.backup.state.services.beta",
                () -> betaState.stateUrl().toString());
    }

    /** The state API of the service named {@code alpha}. */
    protected static InMemoryStateServer alphaState() {
        return alphaState;
    }

    /** The state API registered under a stateful service's name ({@link #PLATFORM_SERVICES}). */
    protected static InMemoryStateServer platformState(String name) {
        return platformState.get(name);
    }

    /** The state API of the service named {@code beta}. */
    protected static InMemoryStateServer betaState() {
        return betaState;
    }

    protected static Path backupDir() {
        return backupDir;
    }

    /** {@code n} order records spread evenly over {@code [from, to)}, ingested into {@code stream} of {@code org}. */
    protected List<Map<String, Object>> ingestOrders(String org, String stream, int n, Instant from, Instant to) {
        long start = SearchRequest.micros(from);
        long step = (SearchRequest.micros(to) - start) / n;
        List<Map<String, Object>> records = new ArrayList<>();
        String[] statuses = {"paid", "new", "cancelled", "shipped"};
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            // every seventh record shares its microsecond with the previous one: ties must survive the paging
            r.put("_timestamp", start + step * (i % 7 == 0 && i > 0 ? i - 1 : i));
            r.put("order_id", "o-" + i);
            r.put("status", statuses[i % statuses.length]);
            r.put("amount", 10 + (i % 100) + 0.25);
            r.put("qty", 1 + i % 5);
            if (i % 3 == 0) {
                r.put("coupon", "C" + (i % 11));
            }
            records.add(r);
        }
        OpenObserveClient client = openObserve.forOrg(org);
        for (int i = 0; i < n; i += 500) {
            IngestResult result = client.ingest(stream, records.subList(i, Math.min(n, i + 500)));
            if (result.hasFailures()) {
                throw new IllegalStateException("ingest failed: " + result);
            }
        }
        return records;
    }

    protected HttpResponse<String> post(String org, String path, Object body) {
        return send(
                org,
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /** Posts a request that starts a job, checks the 202 and returns the job's id. */
    protected String startJob(String org, String path, Object body) {
        HttpResponse<String> response = post(org, path, body);
        if (response.statusCode() != 202) {
            throw new AssertionError(
                    "expected 202 from " + path + ", got " + response.statusCode() + ": " + response.body());
        }
        return json(response).path("id").asString();
    }

    protected HttpResponse<String> put(String org, String path, Object body) {
        return send(
                org,
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    protected HttpResponse<String> delete(String org, String path) {
        return send(org, HttpRequest.newBuilder(uri(path)).DELETE());
    }

    protected HttpResponse<String> get(String org, String path) {
        return send(org, HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(String org, HttpRequest.Builder request) {
        try {
            return HTTP.send(
                    request.header("X-ShopWatch-Org", org)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Waits until the job is over and returns it. */
    protected Job awaitJob(String id) {
        return awaitJob(id, Duration.ofSeconds(60));
    }

    /** Waits up to {@code atMost} until the job is over and returns it. */
    protected Job awaitJob(String id, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.find(id).orElseThrow().state().terminal());
        return jobs.find(id).orElseThrow();
    }

    /** Waits for the job and checks that it succeeded, with its error in the failure message. */
    protected Job awaitSuccess(String id) {
        return awaitSuccess(id, Duration.ofSeconds(60));
    }

    /** Waits up to {@code atMost} for the job and checks that it succeeded. */
    protected Job awaitSuccess(String id, Duration atMost) {
        Job job = awaitJob(id, atMost);
        if (job.state() != JobState.SUCCEEDED) {
            throw new AssertionError("job " + id + " ended " + job.state() + ": " + job.error());
        }
        return job;
    }
}
