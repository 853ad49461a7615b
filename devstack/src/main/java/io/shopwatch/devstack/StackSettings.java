package io.shopwatch.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of the local stack, each from an environment variable with a default that works on one machine.
 *
 * @param home the repository root (jars are found under {@code <module>/target})
 * @param dataDir where Kafka, PostgreSQL and the store keep their data, and where logs and pid files go
 * @param only names of the services to start; empty for all of them
 * @param classDataSharing whether the services' JVMs map an archive of their classes ({@link ClassDataSharing})
 */
record StackSettings(
        Path home,
        Path dataDir,
        String javaCommand,
        String serviceJavaOptions,
        String hotJavaOptions,
        Set<String> hotServices,
        String kafkaJavaOptions,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        String storeUser,
        String storePassword,
        String adminUser,
        String adminPassword,
        String internalSecret,
        int parallelStarts,
        Duration startTimeout,
        Set<String> only,
        boolean classDataSharing) {

    /**
     * The services that mostly idle: C1 only and small heaps, which the serial collector gives back after a full
     * collection down to 30% free ({@code MaxHeapFreeRatio}, in one step rather than over several collections) and
     * grows only to keep 10% free. After two {@code bench-ingest} runs the eight took 1,656 MiB together instead of
     * 1,766 MiB with the collector's defaults (70% and 40%; docs/benchmarks.md, "2026-12-07, towards midnight").
     */
    static final String DEFAULT_SERVICE_JAVA_OPTIONS =
            "-Xms32m -Xmx160m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=160m"
                    + " -XX:ReservedCodeCacheSize=40m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
                    + " -XX:-ShrinkHeapInSteps -XX:+ExitOnOutOfMemoryError";

    /**
     * The services every record passes through (gateway, logging, pipeline, store) run with the optimising compiler
     * (tiered C2) and room for their batches; their heaps are set per service by the launcher.
     */
    static final String DEFAULT_HOT_JAVA_OPTIONS =
            "-Xms64m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m"
                    + " -XX:+ExitOnOutOfMemoryError";

    static final String DEFAULT_HOT_SERVICES = "gateway,logging,pipeline,store";

    static StackSettings fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("SHOPWATCH_HOME", "."))
                .toAbsolutePath()
                .normalize();
        Path data = Path.of(env.getOrDefault(
                        "DEVSTACK_DATA_DIR", home.resolve(".devstack").toString()))
                .toAbsolutePath()
                .normalize();
        String javaHome = System.getProperty("java.home");
        return new StackSettings(
                home,
                data,
                env.getOrDefault(
                        "DEVSTACK_JAVA", Path.of(javaHome, "bin", "java").toString()),
                env.getOrDefault("DEVSTACK_SERVICE_JAVA_OPTS", DEFAULT_SERVICE_JAVA_OPTIONS),
                env.getOrDefault("DEVSTACK_HOT_JAVA_OPTS", DEFAULT_HOT_JAVA_OPTIONS),
                names(env.getOrDefault("DEVSTACK_HOT_SERVICES", DEFAULT_HOT_SERVICES)),
                env.getOrDefault("DEVSTACK_KAFKA_JAVA_OPTS", "-Xms128m -Xmx384m -XX:+UseSerialGC -Xss512k"),
                Integer.parseInt(env.getOrDefault("DEVSTACK_KAFKA_PORT", "9092")),
                Integer.parseInt(env.getOrDefault("DEVSTACK_KAFKA_CONTROLLER_PORT", "9093")),
                Integer.parseInt(env.getOrDefault("DEVSTACK_POSTGRES_PORT", "15432")),
                env.getOrDefault("ZO_ROOT_USER_EMAIL", "root@shopwatch.local"),
                env.getOrDefault("ZO_ROOT_USER_PASSWORD", "shopwatch-dev-password"),
                env.getOrDefault("SHOPWATCH_ADMIN_USER", "admin"),
                env.getOrDefault("SHOPWATCH_ADMIN_PASSWORD", "Lantern-Harbor-Kite-42"),
                env.getOrDefault("SHOPWATCH_INTERNAL_SECRET", "shopwatch-dev-internal-secret-0123456789"),
                Integer.parseInt(env.getOrDefault("DEVSTACK_PARALLEL_STARTS", "3")),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("DEVSTACK_START_TIMEOUT_SECONDS", "240"))),
                names(env.getOrDefault("DEVSTACK_SERVICES", "")),
                Boolean.parseBoolean(env.getOrDefault("DEVSTACK_CDS", "true")));
    }

    private static Set<String> names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    Path logDir() {
        return dataDir.resolve("logs");
    }

    Path pidDir() {
        return dataDir.resolve("pids");
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    String jdbcUrl(String schema) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/shopwatch?currentSchema=" + schema;
    }
}
