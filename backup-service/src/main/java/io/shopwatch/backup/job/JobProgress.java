package io.shopwatch.backup.job;

/**
 * How far a job is.
 *
 * @param percent 0 to 100
 * @param bytes bytes written (backup) or read (restore, verify) so far
 * @param records records written or read so far
 * @param currentSlice what is being worked on, e.g. {@code orders [2026-12-06T08:00:00Z, 2026-12-06T09:00:00Z)}
 * @param etaSeconds estimated seconds left, null while unknown
 */
public record JobProgress(double percent, long bytes, long records, String currentSlice, Long etaSeconds) {

    public static final JobProgress NONE = new JobProgress(0, 0, 0, null, null);
}
