package io.shopwatch.devstack;

import io.shopwatch.common.kafka.Topics;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in KRaft combined mode (broker and controller in one JVM), run from the Kafka jars on this
 * module's classpath, with its data under the stack's data directory.
 */
final class KafkaBroker {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    /** Partitions of the topics the stack creates; raw topics scale out through consumer groups. */
    static final int PARTITIONS = 3;

    private final StackSettings settings;
    private ManagedProcess process;

    KafkaBroker(StackSettings settings) {
        this.settings = settings;
    }

    ManagedProcess start() throws IOException, InterruptedException {
        Path dir = settings.dataDir().resolve("kafka");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path config = dir.resolve("server.properties");
        Files.writeString(config, serverProperties(data));
        Path logConfig = dir.resolve("log4j2.properties");
        Files.writeString(logConfig, LOG_CONFIG);
        String classpath = absoluteClasspath();
        if (!Files.exists(data.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(List.of(
                    settings.javaCommand(),
                    "-Dlog4j2.configurationFile=" + logConfig,
                    "-cp",
                    classpath,
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    Uuid.randomUuid().toString(),
                    "-c",
                    config.toString()));
            ManagedProcess formatter = ManagedProcess.start("kafka-format", format, Map.of(), dir, settings);
            if (!formatter.awaitExit(Duration.ofSeconds(120)) || !Files.exists(data.resolve("meta.properties"))) {
                formatter.stop(Duration.ofSeconds(5));
                throw new IllegalStateException("formatting Kafka storage failed:\n" + formatter.logTail(20));
            }
        }
        List<String> command = new ArrayList<>();
        command.add(settings.javaCommand());
        command.addAll(List.of(settings.kafkaJavaOptions().trim().split("\\s+")));
        command.addAll(
                List.of("-Dlog4j2.configurationFile=" + logConfig, "-cp", classpath, "kafka.Kafka", config.toString()));
        process = ManagedProcess.start("kafka", command, Map.of(), dir, settings);
        return process;
    }

    /** Waits until the broker answers and creates ShopWatch's topics. */
    void awaitReadyAndCreateTopics(Duration timeout) throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited on start:\n" + process.logTail(30));
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Kafka not ready after " + timeout.toSeconds() + " s");
                    }
                    Thread.sleep(250);
                }
            }
            for (NewTopic topic : topics()) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("creating topic " + topic.name() + " timed out", e);
                }
            }
        }
        log.debug("Kafka ready at {}", settings.kafkaBootstrap());
    }

    /** This JVM's class path with absolute entries, so that the broker can run in its own directory. */
    private static String absoluteClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    static List<NewTopic> topics() {
        List<NewTopic> topics = new ArrayList<>();
        for (String raw : List.of(Topics.LOGS_RAW, Topics.EVENTS_RAW, Topics.METRICS_RAW, Topics.SPANS_RAW)) {
            topics.add(new NewTopic(raw, PARTITIONS, (short) 1));
            topics.add(new NewTopic(Topics.deadLetter(raw), 1, (short) 1));
        }
        topics.add(new NewTopic(Topics.STORED, PARTITIONS, (short) 1));
        topics.add(new NewTopic(Topics.CONFIG_CHANGES, 1, (short) 1));
        topics.add(new NewTopic(Topics.AUDIT, 1, (short) 1));
        return topics;
    }

    private String serverProperties(Path data) {
        int port = settings.kafkaPort();
        int controller = settings.kafkaControllerPort();
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=" + PARTITIONS,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                // a development broker: keep a day or 1 GiB per partition, whichever comes first
                "log.retention.hours=24",
                "log.retention.bytes=1073741824",
                "log.segment.bytes=134217728",
                "");
    }

    private static final String LOG_CONFIG = String.join(
            "\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = WARN",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.server.name = kafka.server.KafkaRaftServer",
            "logger.server.level = INFO",
            "");
}
