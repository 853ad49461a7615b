package io.shopwatch.backup.schedule;

import java.util.List;

/**
 * What a schedule queues at each fire time. Stream backups are incremental: each continues where the newest set of
 * the same streams ended (the first one covers {@code firstLookback} before the fire time).
 *
 * @param kind {@code streams} or {@code state}
 * @param streams stream names ({@code streams})
 * @param streamType {@code logs}, {@code metrics}, {@code traces}
 * @param services services ({@code state}); empty for every configured one
 * @param target target name; null for the default
 * @param slice slice length ({@code 1h}); null for the default
 * @param firstLookback range of the first stream backup ({@code 1d}); null for a day
 */
public record ScheduledBackup(
        String kind,
        List<String> streams,
        String streamType,
        List<String> services,
        String target,
        String slice,
        String firstLookback) {}
