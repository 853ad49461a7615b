package io.shopwatch.backup.config;

import io.shopwatch.backup.job.JobHandler;
import io.shopwatch.backup.job.JobRepository;
import io.shopwatch.backup.job.JobWorker;
import io.shopwatch.backup.operation.BackupOperations;
import io.shopwatch.backup.schedule.BackupScheduler;
import io.shopwatch.backup.schedule.ScheduleRepository;
import io.shopwatch.backup.schedule.ScheduleRetention;
import io.shopwatch.backup.schedule.ScheduleTicker;
import io.shopwatch.backup.schedule.Schedules;
import io.shopwatch.backup.set.BackupSetRepository;
import io.shopwatch.backup.set.FileCipher;
import io.shopwatch.backup.set.VerifyHandler;
import io.shopwatch.backup.state.StateBackupHandler;
import io.shopwatch.backup.state.StateRestoreHandler;
import io.shopwatch.backup.state.StateServices;
import io.shopwatch.backup.stream.IngestionWindow;
import io.shopwatch.backup.stream.StreamBackupHandler;
import io.shopwatch.backup.stream.StreamRestoreHandler;
import io.shopwatch.backup.target.BackupTarget;
import io.shopwatch.backup.target.BackupTargets;
import io.shopwatch.backup.target.LocalDirectoryTarget;
import io.shopwatch.backup.target.S3Target;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.common.openobserve.OpenObserveProperties;
import io.shopwatch.common.state.StateClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/** Wires the job queue, the targets and the job handlers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackupProperties.class)
public class BackupConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    JobRepository jobRepository(JdbcClient jdbc, Clock clock) {
        return new JobRepository(jdbc, clock);
    }

    @Bean
    BackupSetRepository backupSetRepository(JdbcClient jdbc) {
        return new BackupSetRepository(jdbc);
    }

    @Bean
    @ConditionalOnProperty(
            prefix = "shopwatch.backup.local",
            name = "enabled",
            havingValue = "true",
            matchIfMissing = true)
    LocalDirectoryTarget localDirectoryTarget(BackupProperties properties) {
        return new LocalDirectoryTarget("local", Path.of(properties.local().dir()));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "shopwatch.backup.s3", name = "enabled", havingValue = "true")
    S3Target s3Target(BackupProperties properties) {
        BackupProperties.S3 s3 = properties.s3();
        if (s3.partSize().toBytes() < 5L * 1024 * 1024) {
            throw new IllegalArgumentException("shopwatch.backup.s3.part-size must be at least 5MB (S3's minimum)");
        }
        return new S3Target(new S3Target.Settings(
                "s3",
                s3.endpoint().isBlank() ? null : URI.create(s3.endpoint()),
                s3.region(),
                s3.bucket(),
                s3.prefix(),
                s3.accessKey(),
                s3.secretKey(),
                s3.pathStyle(),
                "when-required".equals(s3.checksums()),
                s3.partSize().toBytes(),
                Math.max(s3.partSize().toBytes(), s3.multipartThreshold().toBytes()),
                s3.timeout()));
    }

    @Bean
    BackupTargets backupTargets(List<BackupTarget> targets, BackupProperties properties) {
        return new BackupTargets(targets, properties.defaultTarget());
    }

    @Bean
    StreamBackupHandler streamBackupHandler(
            OpenObserveClient openObserve,
            BackupTargets targets,
            BackupSetRepository sets,
            ObjectMapper json,
            Clock clock,
            BackupProperties properties,
            FileCipher cipher) {
        return new StreamBackupHandler(
                openObserve,
                targets,
                sets,
                json,
                clock,
                new StreamBackupHandler.Settings(
                        properties.streams().pageSize(),
                        properties.streams().readAttempts(),
                        workDir(properties),
                        cipher));
    }

    @Bean
    StreamRestoreHandler streamRestoreHandler(
            OpenObserveClient openObserve,
            BackupTargets targets,
            BackupSetRepository sets,
            ObjectMapper json,
            Clock clock,
            BackupProperties properties,
            FileCipher cipher) {
        BackupProperties.Restore restore = properties.restore();
        return new StreamRestoreHandler(
                openObserve,
                targets,
                sets,
                json,
                clock,
                new StreamRestoreHandler.Settings(
                        new IngestionWindow(
                                restore.ingestAllowedUpto(), restore.ingestAllowedInFuture(), restore.windowMargin()),
                        restore.batchSize(),
                        workDir(properties),
                        cipher));
    }

    /** Encryption at rest of new sets' files when a key is configured; reading follows each set's manifest. */
    @Bean
    FileCipher fileCipher(BackupProperties properties) {
        return FileCipher.fromBase64(
                properties.encryptionKey(),
                Arrays.asList(properties.encryptionPreviousKeys().split(",")));
    }

    @Bean
    StateServices stateServices(
            BackupProperties properties, ObjectProvider<OpenObserveProperties> openObserve, ObjectMapper json) {
        BackupProperties.State state = properties.state();
        // without a token, the platform credentials (the OpenObserve ones), which the services accept on their state
        // API
        OpenObserveProperties o = openObserve.getIfAvailable();
        String basic = o == null || o.user().isBlank() || o.password().isBlank()
                ? null
                : OpenObserveCredentials.basic(o.user(), o.password()).authorizationHeader();
        Map<String, StateClient> clients = new LinkedHashMap<>();
        state.services().forEach((name, url) -> {
            if (url != null && !url.isBlank()) {
                clients.put(
                        name, new StateClient(URI.create(url.strip()), state.token(), basic, json, state.timeout()));
            }
        });
        return new StateServices(clients);
    }

    @Bean
    StateBackupHandler stateBackupHandler(
            StateServices services,
            BackupTargets targets,
            BackupSetRepository sets,
            ObjectMapper json,
            Clock clock,
            BackupProperties properties,
            FileCipher cipher) {
        return new StateBackupHandler(services, targets, sets, json, clock, workDir(properties), cipher);
    }

    @Bean
    StateRestoreHandler stateRestoreHandler(
            StateServices services,
            BackupTargets targets,
            BackupSetRepository sets,
            ObjectMapper json,
            Clock clock,
            FileCipher cipher) {
        return new StateRestoreHandler(services, targets, sets, json, clock, cipher);
    }

    @Bean
    ScheduleRepository scheduleRepository(JdbcClient jdbc, PlatformTransactionManager transactions) {
        return new ScheduleRepository(jdbc, new TransactionTemplate(transactions));
    }

    @Bean
    Schedules schedules(ScheduleRepository repository, BackupOperations operations, ObjectMapper json, Clock clock) {
        return new Schedules(repository, operations, json, clock);
    }

    @Bean
    ScheduleRetention scheduleRetention(
            ScheduleRepository repository,
            Schedules schedules,
            BackupOperations operations,
            JobWorker worker,
            Clock clock) {
        ScheduleRetention retention = new ScheduleRetention(repository, schedules, operations, clock);
        worker.addListener(retention);
        return retention;
    }

    @Bean
    BackupScheduler backupScheduler(
            ScheduleRepository repository, Schedules schedules, Clock clock, BackupProperties properties) {
        return new BackupScheduler(
                repository, schedules, clock, properties.schedules().batch());
    }

    @Bean
    @ConditionalOnProperty(
            prefix = "shopwatch.backup.schedules",
            name = "enabled",
            havingValue = "true",
            matchIfMissing = true)
    ScheduleTicker scheduleTicker(BackupScheduler scheduler, BackupProperties properties) {
        return new ScheduleTicker(scheduler, properties.schedules().interval());
    }

    @Bean
    VerifyHandler verifyHandler(
            BackupTargets targets, BackupSetRepository sets, ObjectMapper json, Clock clock, FileCipher cipher) {
        return new VerifyHandler(targets, sets, json, clock, cipher);
    }

    @Bean
    JobWorker jobWorker(JobRepository jobs, List<JobHandler> handlers, BackupProperties properties, Clock clock) {
        BackupProperties.Jobs j = properties.jobs();
        String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        return new JobWorker(
                jobs,
                handlers,
                new JobWorker.Settings(
                        owner, j.concurrency(), j.pollInterval(), j.progressInterval(), j.lease(), j.maxAttempts()),
                clock);
    }

    @Bean
    BackupOperations backupOperations(
            JobRepository jobs,
            BackupSetRepository sets,
            BackupTargets targets,
            OpenObserveClient openObserve,
            JobWorker worker,
            ObjectMapper json,
            Clock clock,
            BackupProperties properties,
            StateServices stateServices,
            FileCipher cipher) {
        return new BackupOperations(
                jobs,
                sets,
                targets,
                openObserve,
                worker,
                json,
                clock,
                new BackupOperations.Limits(
                        properties.streams().slice(), properties.streams().maxRange(), 1_000_000L),
                stateServices,
                cipher.enabled());
    }

    static Path workDir(BackupProperties properties) {
        String dir = properties.workDir();
        return dir == null || dir.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "shopwatch-backup")
                : Path.of(dir);
    }
}
