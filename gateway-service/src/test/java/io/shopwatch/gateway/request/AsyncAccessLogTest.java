package io.shopwatch.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class AsyncAccessLogTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger access = context.getLogger(AccessLogFilter.LOGGER);
    private final ListAppender<ILoggingEvent> written = new ListAppender<>();
    private final List<Appender<ILoggingEvent>> gatewaysQueues = new ArrayList<>();
    private boolean additive;

    /** A gateway started by another test in this JVM may have put its own queues in place: set them aside. */
    @BeforeEach
    void rootAppender() {
        access.iteratorForAppenders().forEachRemaining(gatewaysQueues::add);
        gatewaysQueues.forEach(access::detachAppender);
        additive = access.isAdditive();
        access.setAdditive(true);
        written.setName("written-" + UUID.randomUUID());
        written.setContext(context);
        written.start();
        root.addAppender(written);
    }

    @AfterEach
    void removeRootAppender() {
        root.detachAppender(written);
        gatewaysQueues.forEach(access::addAppender);
        access.setAdditive(additive);
    }

    @Test
    void attach_writesAccessLinesThroughQueuesToTheRootAppenders() {
        try (AsyncAccessLog log = AsyncAccessLog.attach(16)) {
            assertThat(log.isActive()).isTrue();
            assertThat(access.isAdditive()).isFalse();
            assertThat(access.getAppender(AsyncAccessLog.NAME_PREFIX + written.getName()))
                    .isNotNull();

            MDC.put("traceId", "trace-queued");
            try {
                LoggerFactory.getLogger(AccessLogFilter.LOGGER).info("POST /api/v1/logs 200 3ms id={}", "queued-1");
            } finally {
                MDC.remove("traceId");
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> written.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("id=queued-1")));
            ILoggingEvent line = written.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("id=queued-1"))
                    .findFirst()
                    .orElseThrow();
            // filled in by the thread that logged, not by the queue's thread
            assertThat(line.getMDCPropertyMap()).containsEntry("traceId", "trace-queued");
            assertThat(line.getThreadName()).isEqualTo(Thread.currentThread().getName());
        }
        assertThat(access.isAdditive()).isTrue();
        assertThat(access.iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void attach_dropsNoLineWhenTheQueueIsFull() {
        try (AsyncAccessLog log = AsyncAccessLog.attach(2)) {
            org.slf4j.Logger logger = LoggerFactory.getLogger(AccessLogFilter.LOGGER);
            for (int i = 0; i < 200; i++) {
                logger.info("GET /burst 200 0ms id=burst-{}", i);
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> written.list.stream()
                                    .filter(e -> e.getFormattedMessage().contains("id=burst-"))
                                    .count()
                            == 200);
        }
    }

    @Test
    void attach_leavesAnAccessLoggerWithItsOwnAppendersAlone() {
        ListAppender<ILoggingEvent> own = new ListAppender<>();
        own.setName("own-" + UUID.randomUUID());
        own.setContext(context);
        own.start();
        access.addAppender(own);
        try (AsyncAccessLog log = AsyncAccessLog.attach(16)) {
            assertThat(log.isActive()).isFalse();
            assertThat(access.isAdditive()).isTrue();
            LoggerFactory.getLogger(AccessLogFilter.LOGGER).info("GET / 200 1ms id=direct-1");
            assertThat(own.list).anyMatch(e -> e.getFormattedMessage().contains("id=direct-1"));
        } finally {
            access.detachAppender(own);
        }
    }
}
