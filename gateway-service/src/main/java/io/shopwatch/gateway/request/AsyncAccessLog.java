package io.shopwatch.gateway.request;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Moves the writing of the access log off the event loops: the access logger's lines go through one Logback
 * {@link AsyncAppender} per appender of the root logger (the console, and the file when there is one, encoded as
 * Spring Boot configured them, structured or not) instead of up to the root logger's appenders directly. The event
 * loop only fills in the event (message, trace ids from the MDC, key-value pairs) and queues it; a Logback thread
 * encodes and writes it. Nothing is dropped: the queue never discards lines, and when it is full the event loop waits
 * for room, as it waits for the console today.
 *
 * <p>Applies only to Spring Boot's own Logback set-up (appenders on the root logger only); with another logging
 * backend, or a configuration that gives the access logger or its parents appenders of their own, it leaves the
 * logging as it is. {@link #close()} puts it back and writes what is still queued.
 */
public final class AsyncAccessLog implements AutoCloseable {

    /** Name of the queueing appenders, followed by the name of the appender each one feeds. */
    static final String NAME_PREFIX = "ACCESS_LOG_ASYNC_";

    private final Logger logger;
    private final List<AsyncAppender> appenders;

    private AsyncAccessLog(Logger logger, List<AsyncAppender> appenders) {
        this.logger = logger;
        this.appenders = appenders;
    }

    /** Puts a queue between the access logger and each of the root logger's appenders, where that applies. */
    public static AsyncAccessLog attach(int queueSize) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return new AsyncAccessLog(null, List.of());
        }
        Logger access = context.getLogger(AccessLogFilter.LOGGER);
        if (!onlyRootWrites(access)) {
            return new AsyncAccessLog(null, List.of());
        }
        List<AsyncAppender> queues = new ArrayList<>();
        Iterator<Appender<ILoggingEvent>> targets =
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (targets.hasNext()) {
            Appender<ILoggingEvent> target = targets.next();
            AsyncAppender queue = new AsyncAppender();
            queue.setContext(context);
            queue.setName(NAME_PREFIX + target.getName());
            queue.setQueueSize(queueSize);
            // never discard: Logback's default drops INFO lines once the queue is 80% full
            queue.setDiscardingThreshold(0);
            queue.setNeverBlock(false);
            queue.setIncludeCallerData(false);
            queue.addAppender(target);
            queue.start();
            queues.add(queue);
        }
        if (queues.isEmpty()) {
            return new AsyncAccessLog(null, List.of());
        }
        queues.forEach(access::addAppender);
        access.setAdditive(false);
        return new AsyncAccessLog(access, List.copyOf(queues));
    }

    /** Whether the access logger and its parents below the root have no appenders and pass every line up. */
    private static boolean onlyRootWrites(Logger access) {
        LoggerContext context = access.getLoggerContext();
        String name = access.getName();
        while (true) {
            Logger logger = context.getLogger(name);
            if (logger.iteratorForAppenders().hasNext() || !logger.isAdditive()) {
                return false;
            }
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                return true;
            }
            name = name.substring(0, dot);
        }
    }

    /** Whether the access log is written through the queues. */
    public boolean isActive() {
        return logger != null;
    }

    /**
     * Sends the access log straight to the root logger's appenders again and writes what is queued (Logback waits up
     * to a second for that). A Logback configuration reloaded since has already removed the queues; then this only
     * stops them.
     */
    @Override
    public void close() {
        if (logger == null) {
            return;
        }
        boolean ours = appenders.stream().allMatch(queue -> logger.getAppender(queue.getName()) == queue);
        if (ours) {
            logger.setAdditive(true);
            appenders.forEach(logger::detachAppender);
        }
        appenders.forEach(AsyncAppender::stop);
    }
}
