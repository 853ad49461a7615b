package io.shopwatch.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.store.EmbeddedStoreServer;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kill -9} in the middle of a backup, for real: backup-service runs as a child JVM (its Spring Boot
 * application, from this module's test class path), pointed at the embedded store and an embedded PostgreSQL that
 * live in this JVM. The child is killed with SIGKILL ({@link Process#destroyForcibly()}) while it writes the set's data
 * files; nothing claims the set is complete (no manifest, no catalog entry, not listed); a second child started on
 * the same database and directory requeues the job once its lease ran out, completes it, and a full verify passes.
 *
 * <p>An integration test (failsafe, {@code mvn verify}): it starts two JVMs and takes about half a minute.
 */
class BackupKillIT {

    private static final String STORE_USER = "root@example.com";
    private static final String STORE_PASSWORD = "Complexpass#123";
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String ORG = "killed";
    private static final String STREAM = "payments";
    private static final int RECORDS = 1500;
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedStoreServer store;
    private static String databaseUrl;
    private static Path work;

    private final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void startStoreAndDatabase() throws IOException {
        work = Files.createTempDirectory("backup-kill");
        String key = "spring.autoconfigure.exclude";
        System.setProperty(
                key,
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
        try {
            store = EmbeddedStoreServer.start(work.resolve("store"), STORE_USER, STORE_PASSWORD, 0);
        } finally {
            System.clearProperty(key);
        }
        databaseUrl = EmbeddedPostgresSupport.newDatabase("backup_kill");
    }

    @AfterAll
    static void stopStore() {
        if (store != null) {
            store.close();
        }
    }

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void kill9DuringABackup_leavesNoCompleteSet_andTheRestartedServiceCompletesIt() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant from = now.minus(Duration.ofMinutes(100));
        Instant to = now.minus(Duration.ofMinutes(10));
        ingest(from, to);
        Path backups = Files.createDirectories(work.resolve("backups"));

        Service first = start("first", backups);
        // 20 s slices over 90 minutes: 270 slices, each a file of its own, so the child is killed among them
        JsonNode queued = first.post(
                "/api/v1/backups",
                Map.of(
                        "streams", List.of(STREAM),
                        "start", from.toString(),
                        "end", to.toString(),
                        "slice", "20s"));
        String jobId = queued.path("id").asString();
        String backupId = queued.path("backup_id").asString();
        Path setDir = backups.resolve(backupId);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> dataFiles(setDir) >= 10);
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).isEqualTo(137);

        // killed in the middle: some data files, no manifest, no catalog entry, the job still RUNNING
        long filesLeft = dataFiles(setDir);
        assertThat(filesLeft).isBetween(10L, 269L);
        assertThat(Files.exists(setDir.resolve("manifest.json"))).isFalse();
        assertThat(queryLong("SELECT count(*) FROM backup_set WHERE id = ?", backupId))
                .isZero();
        assertThat(queryString("SELECT state FROM backup_job WHERE id = ?", jobId))
                .isEqualTo("RUNNING");

        Service second = start("second", backups);
        assertThat(second.get("/api/v1/backups").path("backups")).isEmpty();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> second.get("/api/v1/backups/jobs/" + jobId)
                        .path("state")
                        .asString()
                        .matches("succeeded|failed|cancelled"));
        JsonNode job = second.get("/api/v1/backups/jobs/" + jobId);
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.path("attempt").asInt()).isEqualTo(2);
        JsonNode listed = second.get("/api/v1/backups").path("backups");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asString()).isEqualTo(backupId);
        assertThat(listed.get(0).path("records").asLong()).isEqualTo(RECORDS);
        assertThat(Files.exists(setDir.resolve("manifest.json"))).isTrue();

        String verifyId = second.post("/api/v1/backups/" + backupId + "/verify", Map.of("mode", "full"))
                .path("id")
                .asString();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> second.get("/api/v1/backups/jobs/" + verifyId)
                        .path("state")
                        .asString()
                        .matches("succeeded|failed|cancelled"));
        JsonNode verify = second.get("/api/v1/backups/jobs/" + verifyId);
        assertThat(verify.path("state").asString()).as(verify.toString()).isEqualTo("succeeded");
        assertThat(second.get("/api/v1/backups/" + backupId).path("status").asString())
                .isEqualTo("verified");
    }

    /** {@link #RECORDS} records spread over {@code [from, to)}, through the store's {@code _json} API. */
    private static void ingest(Instant from, Instant to) throws Exception {
        long start = from.toEpochMilli() * 1000;
        long step = (to.toEpochMilli() * 1000 - start) / RECORDS;
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("_timestamp", start + step * i);
            r.put("payment_id", "p-" + i);
            r.put("amount", 5 + (i % 50) + 0.5);
            records.add(r);
        }
        String auth = Base64.getEncoder()
                .encodeToString((STORE_USER + ":" + STORE_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(store.url() + "/api/" + ORG + "/" + STREAM + "/_json"))
                        .header("Authorization", "Basic " + auth)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(records)))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Starts backup-service in a JVM of its own and waits until it serves HTTP. */
    private Service start(String name, Path backups) throws IOException {
        Path portFile = work.resolve(name + ".port");
        Path log = work.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-DPORTFILE=" + portFile,
                "-cp",
                System.getProperty("java.class.path"),
                BackupServiceProcess.class.getName()));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("server.address", "127.0.0.1");
        settings.put("spring.datasource.url", databaseUrl);
        settings.put("shopwatch.openobserve.url", store.url());
        settings.put("shopwatch.openobserve.user", STORE_USER);
        settings.put("shopwatch.openobserve.password", STORE_PASSWORD);
        settings.put("shopwatch.security.enabled", "false");
        settings.put("shopwatch.backup.local.dir", backups.toString());
        settings.put("shopwatch.backup.work-dir", work.resolve(name + "-work").toString());
        settings.put("shopwatch.backup.encryption-key", KEY);
        settings.put("shopwatch.backup.schedules.enabled", "false");
        settings.put("shopwatch.backup.state.services.dashboards", "");
        settings.put("shopwatch.backup.jobs.poll-interval", "200ms");
        settings.put("shopwatch.backup.jobs.progress-interval", "200ms");
        // the killed child's job is requeued this long after its last heartbeat (the default is 2 minutes)
        settings.put("shopwatch.backup.jobs.lease", "5s");
        settings.put("management.tracing.sampling.probability", "0");
        settings.forEach((k, v) -> command.add("--" + k + "=" + v));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        children.add(process);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .failFast("the service exited, see " + log, () -> !process.isAlive())
                .until(() ->
                        Files.exists(portFile) && !Files.readString(portFile).isBlank());
        int port = Integer.parseInt(Files.readString(portFile).trim());
        return new Service(process, "http://127.0.0.1:" + port);
    }

    private static long dataFiles(Path setDir) throws IOException {
        Path data = setDir.resolve("data");
        if (!Files.isDirectory(data)) {
            return 0;
        }
        // the running service renames its temporary files while this looks: a file gone between the listing and
        // the look at it is skipped, not an error
        AtomicLong count = new AtomicLong();
        Files.walkFileTree(data, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (file.toString().endsWith(".ndjson.gz")) {
                    count.incrementAndGet();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return count.get();
    }

    private static long queryLong(String sql, String parameter) throws SQLException {
        return Long.parseLong(queryString(sql, parameter));
    }

    private static String queryString(String sql, String parameter) throws SQLException {
        try (Connection c = DriverManager.getConnection(databaseUrl, "postgres", "postgres");
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** A running child and its base URL. */
    private record Service(Process process, String url) {

        JsonNode get(String path) {
            return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), 200);
        }

        JsonNode post(String path, Object body) {
            return send(
                    HttpRequest.newBuilder(URI.create(url + path))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                    202);
        }

        private static JsonNode send(HttpRequest.Builder request, int expected) {
            try {
                HttpResponse<String> response = HTTP.send(
                        request.header("X-ShopWatch-Org", ORG)
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
