package io.shopwatch.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command local stack. {@code up} starts a Kafka broker, PostgreSQL, the embedded store and every service on
 * loopback, waits until all are ready, prints where they are and stays in the foreground until Ctrl-C or
 * {@code stop}; {@code status} shows the health of each process.
 */
public final class DevStack {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(25);
    /**
     * Extra time to stop for a JVM writing its class-data archive: it links and checks every class it loaded first,
     * 10–30 s of CPU each, all of them at once on two cores; once per build.
     */
    private static final Duration ARCHIVE_GRACE = Duration.ofSeconds(150);

    private static final int MAX_RESTARTS = 5;

    /**
     * Heaps of the services on the record path, sized for their batches (they run with the hot-path options).
     * logging-service's young generation is fixed, and its initial heap ({@code -Xms}) holds it from the start: with the
     * serial collector's default (a third of a heap that starts at 64 MB and grows slowly) its survivors of 4 MB
     * overflowed with the batches in flight, which were promoted and collected by full collections (34 full
     * collections, 4.7 s, in five minutes of {@code bench-ingest}; none since). The pipeline's {@code -Xmn128m} is a
     * ceiling its young generation grows towards with the heap: fixing it from the start as well
     * ({@code -Xms224m}) took the stack over its 4 GiB memory budget after three {@code bench-ingest} runs. Its old
     * generation must hold the user-agent analyzer's tables (built at the first record with a user agent), the
     * de-duplication window and the producer's buffer (docs/benchmarks.md).
     */
    private static final Map<String, List<String>> HOT_HEAPS = Map.of(
            "gateway", List.of("-Xmx192m"),
            "logging", List.of("-Xms160m", "-Xmx256m", "-Xmn96m"),
            "pipeline", List.of("-Xmx512m", "-Xmn128m"),
            "store", List.of("-Xmx256m"));

    private final StackSettings settings;
    private final List<ServiceSpec> services;
    private final List<ManagedProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private final HealthProbe probe = new HealthProbe();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, ManagedProcess> byService = new ConcurrentHashMap<>();
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private final ClassDataSharing classDataSharing;
    /** Services whose JVM writes its class-data archive when it exits: they get longer to stop. */
    private final java.util.Set<String> recording = ConcurrentHashMap.newKeySet();

    private volatile Postgres postgres;

    DevStack(StackSettings settings) {
        this.settings = settings;
        this.classDataSharing = new ClassDataSharing(settings.javaCommand());
        this.services = ServiceSpec.all().stream()
                .filter(s -> settings.only().isEmpty() || settings.only().contains(s.name()))
                .toList();
    }

    public static void main(String[] args) throws Exception {
        StackSettings settings = StackSettings.fromEnvironment(System.getenv());
        String command = args.length == 0 ? "up" : args[0];
        DevStack stack = new DevStack(settings);
        int exit =
                switch (command) {
                    case "up" -> stack.up();
                    case "stop" -> stack.stop();
                    case "status" -> stack.status();
                    case "bench-ingest" ->
                        new IngestBenchmark(settings)
                                .run(
                                        args.length > 1 ? Integer.parseInt(args[1]) : 200_000,
                                        args.length > 2 ? Integer.parseInt(args[2]) : 20_000,
                                        args.length > 3 ? Integer.parseInt(args[3]) : 20,
                                        "http://127.0.0.1:8083/api/v1/logs");
                    case "crash-test" ->
                        new CrashTest(settings)
                                .run(
                                        args.length > 1 ? Integer.parseInt(args[1]) : 30_000,
                                        args.length > 2 ? args[2] : "http://127.0.0.1:8083/api/v1/logs");
                    case "readme-test" -> new ReadmeCheck(settings).run();
                    case "bench-metrics" ->
                        new RemoteWriteBenchmark(settings).run(args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000);
                    case "alert-crash-test" ->
                        new AlertCrashTest(settings).run(args.length > 1 ? Integer.parseInt(args[1]) : 200);
                    default -> {
                        log.error(
                                "usage: devstack up|stop|status|crash-test [records] [ingest-url]"
                                        + "|bench-ingest [records] [rate] [seconds]|bench-metrics [samples]|alert-crash-test [groups]|readme-test");
                        yield 2;
                    }
                };
        if (exit != 0 || !command.equals("up")) {
            System.exit(exit);
        }
    }

    int up() throws Exception {
        Instant begin = Instant.now();
        Path pidFile = settings.dataDir().resolve("devstack.pid");
        Optional<ProcessHandle> running = launcher(pidFile);
        if (running.isPresent()) {
            log.error(
                    "the stack is already running (pid {}); stop it with ./shopwatch stop",
                    running.get().pid());
            return 1;
        }
        killLeftovers();
        List<Integer> ports =
                new ArrayList<>(List.of(settings.kafkaPort(), settings.kafkaControllerPort(), settings.postgresPort()));
        services.forEach(service -> ports.add(service.port()));
        for (int port : ports) {
            if (!portIsFree(port)) {
                log.error("port {} on 127.0.0.1 is in use by another process; stop it (or another stack) first", port);
                return 1;
            }
        }
        for (ServiceSpec service : services) {
            if (!Files.exists(jar(service))) {
                log.error("{} is missing; build first: ./mvnw -B -DskipTests package", jar(service));
                return 1;
            }
        }
        Files.createDirectories(settings.dataDir());
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(pidFile), "devstack-shutdown"));

        log.info("Starting ShopWatch on loopback; data and logs in {}", settings.dataDir());
        KafkaBroker kafka = new KafkaBroker(settings);
        processes.add(kafka.start());
        ServiceSpec storeSpec = services.stream()
                .filter(s -> s.name().equals("store"))
                .findFirst()
                .orElse(null);
        Launch store = storeSpec == null ? null : launch(storeSpec);
        postgres = Postgres.start(settings, services);
        log.info(
                "  postgres     jdbc:postgresql://127.0.0.1:{}/{}  (one schema per service)",
                settings.postgresPort(),
                Postgres.DATABASE);
        kafka.awaitReadyAndCreateTopics(Duration.ofSeconds(90));
        log.info(
                "  kafka        {}  ({} topics)",
                settings.kafkaBootstrap(),
                KafkaBroker.topics().size());

        if (!startServices(store)) {
            return 1;
        }
        Duration took = Duration.between(begin, Instant.now());
        String ingestKey = ingestKey();
        printSummary(took, ingestKey);
        superviseUntilStopped();
        return 0;
    }

    /** The development ingest key, or null when auth-service or the gateway is not part of this stack or it failed. */
    private String ingestKey() {
        boolean both = services.stream()
                        .filter(s -> s.name().equals("auth") || s.name().equals("gateway"))
                        .count()
                == 2;
        if (!both) {
            return null;
        }
        try {
            return new DevIngestKey(settings, java.net.http.HttpClient.newHttpClient()).ensure();
        } catch (IOException e) {
            log.error("no development ingest key: {}", e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Restarts a service whose process died (a crash, an out-of-memory exit, a {@code kill -9} in a fault test), up to
     * {@value #MAX_RESTARTS} times per service, until the stack is stopped.
     */
    private void superviseUntilStopped() throws InterruptedException {
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            for (ServiceSpec service : services) {
                ManagedProcess process = byService.get(service.name());
                if (stopping || process == null || process.isAlive()) {
                    continue;
                }
                int count = restarts.merge(service.name(), 1, Integer::sum);
                if (count > MAX_RESTARTS) {
                    if (count == MAX_RESTARTS + 1) {
                        log.error(
                                "{} died {} times; not restarting it again; see {}",
                                service.name(),
                                MAX_RESTARTS,
                                process.logFile());
                    }
                    continue;
                }
                log.warn("{} exited unexpectedly (pid {}); restarting it", service.name(), process.pid());
                try {
                    startAndAwait(service);
                } catch (IOException e) {
                    log.error("cannot restart {}: {}", service.name(), e.getMessage());
                }
            }
        }
    }

    /**
     * Waits for the store (launched before Kafka and PostgreSQL were ready: it needs neither), starts the query
     * frontend (the readers query through it), then every other service a few at a time, the gateway among the first
     * of them since it takes longest; true when all are ready.
     */
    private boolean startServices(Launch store) throws IOException, InterruptedException {
        if (store != null && !store.awaitReady()) {
            return false;
        }
        List<ServiceSpec> first =
                services.stream().filter(s -> s.name().equals("performance")).toList();
        for (ServiceSpec service : first) {
            if (!startAndAwait(service)) {
                return false;
            }
        }
        List<ServiceSpec> rest = new ArrayList<>(services.stream()
                .filter(s -> !first.contains(s) && !s.name().equals("store"))
                .toList());
        rest.sort(java.util.Comparator.comparing(s -> !s.name().equals("gateway")));
        ExecutorService pool = Executors.newFixedThreadPool(settings.parallelStarts());
        try {
            List<Future<Boolean>> started = new ArrayList<>();
            for (ServiceSpec service : rest) {
                started.add(pool.submit(() -> startAndAwait(service)));
            }
            boolean ok = true;
            for (Future<Boolean> future : started) {
                try {
                    ok &= future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    log.error("start failed: {}", e.getCause().toString());
                    ok = false;
                }
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean startAndAwait(ServiceSpec service) throws IOException, InterruptedException {
        return launch(service).awaitReady();
    }

    /** Starts a service's process; {@link Launch#awaitReady} waits for its health check. */
    private Launch launch(ServiceSpec service) throws IOException {
        Instant begin = Instant.now();
        ManagedProcess process = ManagedProcess.start(
                service.name(), serviceCommand(service), serviceEnvironment(service), settings.home(), settings);
        processes.add(process);
        byService.put(service.name(), process);
        return new Launch(service, process, begin);
    }

    /** A started service process and when it was started. */
    private final class Launch {

        private final ServiceSpec service;
        private final ManagedProcess process;
        private final Instant begin;

        Launch(ServiceSpec service, ManagedProcess process, Instant begin) {
            this.service = service;
            this.process = process;
            this.begin = begin;
        }

        /** True once the service answers its health check; false when it exits or does not get ready in time. */
        boolean awaitReady() throws InterruptedException {
            Instant deadline = begin.plus(settings.startTimeout());
            String health = service.baseUrl() + service.healthPath();
            while (!probe.isReady(health)) {
                if (!process.isAlive()) {
                    log.error(
                            "{} exited during start; last lines of {}:\n{}",
                            service.name(),
                            process.logFile(),
                            process.logTail(40));
                    return false;
                }
                if (Instant.now().isAfter(deadline)) {
                    log.error(
                            "{} not ready after {} s; see {}",
                            service.name(),
                            settings.startTimeout().toSeconds(),
                            process.logFile());
                    return false;
                }
                Thread.sleep(250);
            }
            log.info(
                    "  {} ready in {} ms  (pid {})",
                    String.format("%-12s", service.name()),
                    Duration.between(begin, Instant.now()).toMillis(),
                    process.pid());
            return true;
        }
    }

    /** Drops a class-data archive a killed JVM may have left half written; the next run records it again. */
    private void discardArchive(String serviceName) {
        services.stream().filter(s -> s.name().equals(serviceName)).findFirst().ifPresent(service -> {
            try {
                ClassDataSharing.discardArchive(jar(service));
            } catch (IOException e) {
                log.warn("{}: could not delete its class-data archive: {}", serviceName, e.getMessage());
            }
        });
    }

    private List<String> serviceCommand(ServiceSpec service) {
        List<String> command = new ArrayList<>();
        command.add(settings.javaCommand());
        command.addAll(javaOptions(service.name()));
        Path jar = jar(service);
        if (settings.classDataSharing()) {
            ClassDataSharing.Plan plan = classDataSharing.plan(jar);
            command.addAll(plan.options());
            jar = plan.jar();
            if (plan.recording()) {
                recording.add(service.name());
            } else {
                recording.remove(service.name());
            }
        }
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /**
     * JVM options of one service: the hot-path options (C2, a heap for batches) for the services every record passes
     * through, the small C1-only ones for the rest. An operator's own options are used as given.
     */
    List<String> javaOptions(String service) {
        boolean hot = settings.hotServices().contains(service);
        String options = hot ? settings.hotJavaOptions() : settings.serviceJavaOptions();
        List<String> out = new ArrayList<>(List.of(options.trim().split("\\s+")));
        if (hot && !options.contains("-Xmx")) {
            out.addAll(HOT_HEAPS.getOrDefault(service, List.of("-Xmx256m")));
        }
        return out;
    }

    /** The services that only read from OpenObserve (they write through Kafka): they query through the frontend. */
    static final java.util.Set<String> READERS = java.util.Set.of("logging", "metrics", "tracing", "dashboard");

    /** The services that follow config-service (their dynamic settings change without a restart). */
    static final java.util.Set<String> CONFIG_CLIENTS = java.util.Set.of("pipeline", "tracing", "alert", "performance");

    /** performance-service's OpenObserve-compatible query API. */
    static final String QUERY_FRONTEND_URL = "http://127.0.0.1:8090";

    /** pipeline-service's demo GeoIP CSV: made-up countries for the storefront simulator's documentation addresses. */
    static final String SIMULATOR_DEMO_GEOIP_CSV = "classpath:geoip/simulator-demo-country.csv";

    /** Whether performance-service (the query frontend) is among the processes this stack starts. */
    boolean queryFrontendRuns() {
        return services.stream().anyMatch(s -> s.name().equals("performance"));
    }

    /** The settings a service gets in the local stack; everything else is the service's own default. */
    Map<String, String> serviceEnvironment(ServiceSpec service) {
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_PORT", Integer.toString(service.port()));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap());
        env.put("DATABASE_URL", settings.jdbcUrl(service.schema()));
        env.put("DATABASE_USER", Postgres.USER);
        env.put("DATABASE_PASSWORD", Postgres.PASSWORD);
        env.put("OPENOBSERVE_URL", "http://127.0.0.1:5080");
        env.put("OPENOBSERVE_ORG", "default");
        env.put("OPENOBSERVE_USER", settings.storeUser());
        env.put("OPENOBSERVE_PASSWORD", settings.storePassword());
        // the store is on loopback: compressing request bodies would only cost CPU
        env.put("OPENOBSERVE_GZIP_MIN_BYTES", "-1");
        env.put("ZO_ROOT_USER_EMAIL", settings.storeUser());
        env.put("ZO_ROOT_USER_PASSWORD", settings.storePassword());
        env.put("AUTH_JWKS_URL", "http://127.0.0.1:8081/.well-known/jwks.json");
        env.put("SHOPWATCH_INTERNAL_SECRET", settings.internalSecret());
        // every process runs on the development values above (and the services' own development defaults)
        env.put("SHOPWATCH_DEV_MODE", "true");
        // the platform traces itself when tracing-service is part of the stack: a tenth of every service's
        // requests go as spans to its platform org, the store's too (writes into the platform org make no span in the
        // pipeline or the store, so its spans coming back through the pipeline make no new ones)
        if (services.stream().anyMatch(s -> s.name().equals("tracing"))) {
            env.put("PLATFORM_TRACING_ENABLED", "true");
            env.put("PLATFORM_TRACING_URL", "http://127.0.0.1:8085");
            env.put("TRACING_SAMPLING_PROBABILITY", "0.1");
        }
        if (service.name().equals("auth")) {
            env.put("SHOPWATCH_ADMIN_USER", settings.adminUser());
            env.put("SHOPWATCH_ADMIN_PASSWORD", settings.adminPassword());
            env.put("SHOPWATCH_SECRET_KEY", secretKey());
            env.put(
                    "SHOPWATCH_EMBEDDED_DB_DIR",
                    settings.dataDir().resolve("auth-db").toString());
        }
        // the reading services query through the query frontend when it is part of the stack; writers (the pipeline)
        // and the frontend itself talk to the store
        if (queryFrontendRuns()) {
            if (READERS.contains(service.name())) {
                env.put("OPENOBSERVE_URL", QUERY_FRONTEND_URL);
            }
            if (service.name().equals("alert")) {
                env.put("ALERT_QUERY_URL", QUERY_FRONTEND_URL);
            }
        }
        if (CONFIG_CLIENTS.contains(service.name())) {
            // dynamic settings (PII rules, tail-sampling policies, alert defaults, ingest budgets) from config-service,
            // followed without a restart
            env.put("CONFIG_CLIENT_ENABLED", "true");
            env.put("CONFIG_SERVICE_URL", "http://127.0.0.1:8082");
            env.put(
                    "CONFIG_CACHE_FILE",
                    settings.dataDir()
                            .resolve(service.name() + "-config-cache.json")
                            .toString());
        }
        if (service.name().equals("pipeline")) {
            // made-up countries for the storefront simulator's documentation addresses (demo data, not real
            // geography), so the User behaviour pack's region panel has data; set GEOIP_CSV to use a real CSV instead
            putUnlessSet(env, "GEOIP_CSV", SIMULATOR_DEMO_GEOIP_CSV);
        }
        if (service.name().equals("config")) {
            // stream-retention releases go to the store's stream settings (OPENOBSERVE_URL: the store itself)
            env.put("CONFIG_RETENTION_ENABLED", "true");
        }
        if (service.name().equals("dashboard")) {
            // PromQL panels run through metrics-service's Prometheus API
            env.put("METRICS_SERVICE_URL", "http://127.0.0.1:8084");
        }
        if (service.name().equals("alert")) {
            env.put("ALERT_SECRETS_KEY_FILE", alertSecretsKeyFile().toString());
            // notifications may go to receivers on this machine (the stack is on loopback); an operator's setting wins
            putUnlessSet(env, "SHOPWATCH_WEBHOOK_ALLOWLIST", "127.0.0.1,localhost");
        }
        if (service.name().equals("store")) {
            // DuckDB's buffer pool fills up to its limit as data comes in: at 512 MB the store alone reached 855 MiB
            // after ten minutes at 20,000 records/s, the stack 4,237 MiB (docs/benchmarks.md, "2026-12-07, night");
            // an operator's setting wins
            putUnlessSet(env, "STORE_DUCKDB_MEMORY_LIMIT", "256MB");
            // DuckDB on the request threads alone: with a worker thread of its own on two cores, the worker took the
            // commits' tasks while the request thread spun waiting for them (docs/benchmarks.md, "2026-12-07,
            // night"); an operator's setting wins
            putUnlessSet(env, "STORE_DUCKDB_THREADS", "1");
            env.put("ZO_HTTP_PORT", Integer.toString(service.port()));
            env.put("ZO_DATA_DIR", settings.dataDir().resolve("store").toString());
        }
        return env;
    }

    /**
     * A setting of the local stack that the operator's own environment overrides: a process inherits the launcher's
     * environment, so when the operator set {@code name} the stack leaves it alone.
     */
    private static void putUnlessSet(Map<String, String> env, String name, String value) {
        if (System.getenv(name) == null) {
            env.put(name, value);
        }
    }

    /**
     * Where alert-service keeps the key of its channel secrets: next to the stack's PostgreSQL data, whose
     * configurations it encrypts (taken over from the service's own default place when a stack made one there).
     */
    private Path alertSecretsKeyFile() {
        Path file = settings.dataDir().resolve("alert-secrets.key");
        Path former = Path.of("data", "alert-service", "alert-secrets.key");
        try {
            if (!Files.exists(file) && Files.exists(former)) {
                Files.createDirectories(file.getParent());
                Files.copy(former, file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot take over " + former, e);
        }
        return file;
    }

    /**
     * The key that encrypts auth-service's signing keys at rest: made once per data directory and kept, since a new
     * one would make the stored keys unreadable.
     */
    private String secretKey() {
        Path file = settings.dataDir().resolve("secret-key");
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new java.security.SecureRandom().nextBytes(random);
                Files.createDirectories(file.getParent());
                Files.writeString(file, java.util.HexFormat.of().formatHex(random));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the secret key in " + file, e);
        }
    }

    private static boolean portIsFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path jar(ServiceSpec service) {
        return settings.home().resolve(service.module()).resolve("target").resolve(service.module() + ".jar");
    }

    private void printSummary(Duration took, String ingestKey) {
        MemoryMeter.StackMemory memory = MemoryMeter.measure(ProcessHandle.current(), Postgres.dataDir(settings));
        StringBuilder out = new StringBuilder();
        out.append(System.lineSeparator()).append("ShopWatch is up.").append(System.lineSeparator());
        out.append("  gateway (the one public entry)  http://127.0.0.1:8080").append(System.lineSeparator());
        for (ServiceSpec service : services) {
            out.append(String.format(
                    "  %-12s %-24s health: %s%n",
                    service.name(), service.baseUrl(), service.baseUrl() + service.healthPath()));
        }
        out.append(String.format(
                "  development admin: user %s  password %s%n", settings.adminUser(), settings.adminPassword()));
        if (ingestKey != null) {
            out.append(String.format(
                    "  development ingest key (role %s, org %s): %s  (kept in %s)%n",
                    DevIngestKey.ROLE, DevIngestKey.ORG, ingestKey, QuickStart.keyFile(settings)));
        }
        out.append(String.format(
                "  OpenObserve API (embedded store): http://127.0.0.1:5080  user %s  password %s%n",
                settings.storeUser(), settings.storePassword()));

        out.append(String.format(
                "  Kafka: %s   PostgreSQL: 127.0.0.1:%d/%s (user %s)%n",
                settings.kafkaBootstrap(), settings.postgresPort(), Postgres.DATABASE, Postgres.USER));
        out.append(String.format("  logs: %s%n", settings.logDir()));
        out.append(String.format(
                "Started %d processes in %.1f s; resident memory of the whole stack %s.%n",
                processes.size() + 1, took.toMillis() / 1000.0, memory.describe()));
        if (ingestKey != null) {
            out.append("Try it (log in, post a log record, search it, storefront traffic through the gateway):")
                    .append(System.lineSeparator());
            QuickStart.commands(settings).forEach(line -> out.append(line).append(System.lineSeparator()));
        }
        out.append("Stop with Ctrl-C, or ./shopwatch stop from another terminal.");
        log.info("{}", out);
    }

    private void shutdown(Path pidFile) {
        stopping = true;
        log.info("Stopping ShopWatch ...");
        List<ManagedProcess> reversed = new ArrayList<>(processes);
        Collections.reverse(reversed);
        // services first (in parallel, they are independent), then Kafka, then PostgreSQL
        List<Thread> stopping = new ArrayList<>();
        for (ManagedProcess process : reversed) {
            if (!process.name().equals("kafka")) {
                boolean writesArchive = recording.contains(process.name());
                Duration grace = writesArchive ? STOP_GRACE.plus(ARCHIVE_GRACE) : STOP_GRACE;
                Thread t = new Thread(
                        () -> {
                            if (!process.stop(grace) && writesArchive) {
                                discardArchive(process.name());
                            }
                        },
                        "stop-" + process.name());
                t.start();
                stopping.add(t);
            }
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reversed.stream().filter(p -> p.name().equals("kafka")).forEach(p -> p.stop(STOP_GRACE));
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // stale pid files are detected by the next start
        }
        log.info("ShopWatch stopped.");
        stopped.countDown();
    }

    int stop() throws IOException, InterruptedException {
        Path pidFile = settings.dataDir().resolve("devstack.pid");
        Optional<ProcessHandle> running = launcher(pidFile);
        if (running.isEmpty()) {
            log.info("the stack is not running");
            killLeftovers();
            return 0;
        }
        ProcessHandle handle = running.get();
        handle.destroy();
        try {
            handle.onExit().get(300, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("the stack did not stop within 300 s; killing what is left");
            handle.destroyForcibly();
        }
        killLeftovers();
        log.info("ShopWatch stopped.");
        return 0;
    }

    int status() {
        Optional<ProcessHandle> running = launcher(settings.dataDir().resolve("devstack.pid"));
        log.info("launcher: {}", running.map(p -> "running, pid " + p.pid()).orElse("not running"));
        running.ifPresent(launcher -> log.info(
                "resident memory of the whole stack: {}",
                MemoryMeter.measure(launcher, Postgres.dataDir(settings)).describe()));
        for (ServiceSpec service : services) {
            log.info(
                    "  {} {}",
                    String.format("%-12s", service.name()),
                    probe.fetch(service.baseUrl() + service.healthPath()));
        }
        return 0;
    }

    private static Optional<ProcessHandle> launcher(Path pidFile) {
        return PidFile.liveProcess(pidFile)
                .filter(p -> p.pid() != ProcessHandle.current().pid());
    }

    /** Kills processes a previous launcher started but could not stop (it was killed with -9, say). */
    private void killLeftovers() {
        Path pids = settings.pidDir();
        if (!Files.isDirectory(pids)) {
            return;
        }
        try (Stream<Path> files = Files.list(pids)) {
            for (Path file : files.toList()) {
                try {
                    long pid = Long.parseLong(Files.readString(file).trim());
                    ProcessHandle.of(pid)
                            .filter(p -> p.info().commandLine().orElse("").contains("java"))
                            .ifPresent(p -> {
                                log.info("stopping leftover {} (pid {})", file.getFileName(), pid);
                                p.destroy();
                                try {
                                    p.onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
                                } catch (Exception e) {
                                    p.destroyForcibly();
                                }
                            });
                    Files.deleteIfExists(file);
                } catch (IOException | NumberFormatException e) {
                    log.debug("ignoring pid file {}", file);
                }
            }
        } catch (IOException e) {
            log.warn("cannot read {}: {}", pids, e.getMessage());
        }
    }
}
