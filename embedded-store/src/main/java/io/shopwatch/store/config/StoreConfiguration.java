package io.shopwatch.store.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.store.duckdb.DuckDbDatabase;
import io.shopwatch.store.duckdb.DuckDbIngester;
import io.shopwatch.store.duckdb.DuckDbSearcher;
import io.shopwatch.store.duckdb.DuckDbStreams;
import io.shopwatch.store.duckdb.IngestedBytesWriter;
import io.shopwatch.store.ingest.IngestionWindow;
import io.shopwatch.store.ingest.RecordNormaliser;
import io.shopwatch.store.search.QueryPlanner;
import io.shopwatch.store.search.SqlFunctions;
import io.shopwatch.store.stream.RetentionJob;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/** Wires the store: the DuckDB database, the stream catalog, ingestion, search and the retention schedule. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
public class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    DuckDbDatabase duckDbDatabase(StoreProperties properties) {
        Path file = Path.of(properties.dataDir(), "duckdb", "store.duckdb");
        List<String> setup = new ArrayList<>();
        if (!properties.duckdbCheckpointThreshold().isBlank()) {
            setup.add(DuckDbDatabase.setting("checkpoint_threshold", properties.duckdbCheckpointThreshold()));
        }
        setup.addAll(DuckDbStreams.SETUP);
        setup.addAll(SqlFunctions.MACROS);
        if ("root@example.com".equals(properties.rootUserEmail())
                && "Complexpass#123".equals(properties.rootUserPassword())) {
            log.warn("the store accepts the development credentials root@example.com / Complexpass#123: set"
                    + " ZO_ROOT_USER_EMAIL and ZO_ROOT_USER_PASSWORD anywhere but on a developer machine");
        }
        log.info("opening DuckDB database {}", file.toAbsolutePath());
        return DuckDbDatabase.open(
                file, properties.duckdbMemoryLimit(), properties.duckdbThreads(), properties.connections(), setup);
    }

    @Bean
    DuckDbStreams duckDbStreams(DuckDbDatabase db, Clock clock) {
        return new DuckDbStreams(db, clock);
    }

    /** Closed after the maintenance scheduler (which depends on it) and before the database: its last write. */
    @Bean(destroyMethod = "close")
    IngestedBytesWriter ingestedBytesWriter(DuckDbStreams streams) {
        return new IngestedBytesWriter(streams);
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService sqlParserExecutor() {
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sql-parser");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    QueryPlanner queryPlanner(
            DuckDbDatabase db, DuckDbStreams streams, StoreProperties properties, ExecutorService sqlParserExecutor) {
        return new QueryPlanner(
                streams::find, aggregateFunctions(db), properties.queryDefaultLimit(), sqlParserExecutor);
    }

    @Bean
    DuckDbIngester duckDbIngester(
            DuckDbDatabase db,
            DuckDbStreams streams,
            StoreProperties properties,
            Clock clock,
            ObjectMapper json,
            MeterRegistry registry) {
        IngestionWindow window =
                new IngestionWindow(clock, properties.ingestAllowedUpto(), properties.ingestAllowedInFuture());
        return new DuckDbIngester(
                db,
                streams,
                new RecordNormaliser(window, properties.colsPerRecordLimit()),
                properties.ingestFlattenLevel(),
                json,
                registry);
    }

    @Bean
    DuckDbSearcher duckDbSearcher(
            DuckDbDatabase db,
            QueryPlanner planner,
            DuckDbStreams streams,
            StoreProperties properties,
            MeterRegistry registry) {
        return new DuckDbSearcher(
                db, planner, streams, properties.queryTimeout(), properties.queryValuesDefaultNum(), registry);
    }

    @Bean
    RetentionJob retentionJob(DuckDbStreams streams, Clock clock, StoreProperties properties) {
        return new RetentionJob(streams, clock, properties.dataRetentionDays());
    }

    /** One thread for the store's periodic jobs: retention, and writing the streams' ingested sizes. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService maintenanceScheduler(
            RetentionJob retention, IngestedBytesWriter ingestedBytes, StoreProperties properties) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-maintenance");
            t.setDaemon(true);
            return t;
        });
        long seconds = Math.max(1, properties.retentionInterval().toSeconds());
        scheduler.scheduleWithFixedDelay(retention, seconds, seconds, TimeUnit.SECONDS);
        long millis = Math.max(1, properties.statsWriteInterval().toMillis());
        scheduler.scheduleWithFixedDelay(ingestedBytes, millis, millis, TimeUnit.MILLISECONDS);
        return scheduler;
    }

    /** DuckDB's aggregate functions plus the aggregate macros, lower case. */
    static Set<String> aggregateFunctions(DuckDbDatabase db) {
        Set<String> names = new HashSet<>(SqlFunctions.MACRO_AGGREGATES);
        try (DuckDbDatabase.Lease lease = db.lease();
                Statement s = lease.connection().createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'aggregate'")) {
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list DuckDB's aggregate functions: " + e.getMessage(), e);
        }
        return names;
    }
}
