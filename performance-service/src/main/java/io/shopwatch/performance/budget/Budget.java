package io.shopwatch.performance.budget;

/**
 * An ingest budget: records per second and bytes per day, either zero for "no limit".
 *
 * @param recordsPerSecond records per second at most (0: no limit)
 * @param bytesPerDay bytes per day at most (0: no limit), enforced as its average per second
 */
public record Budget(double recordsPerSecond, long bytesPerDay) {

    public static final Budget NONE = new Budget(0, 0);

    public Budget {
        if (recordsPerSecond < 0 || bytesPerDay < 0) {
            throw new IllegalArgumentException("a budget must not be negative");
        }
    }

    public boolean limited() {
        return recordsPerSecond > 0 || bytesPerDay > 0;
    }

    /** Which limit binds, given the average record size, and the records per second it allows. */
    public Target target(double averageRecordBytes) {
        Target target = new Target(Double.POSITIVE_INFINITY, "none");
        if (recordsPerSecond > 0) {
            target = new Target(recordsPerSecond, "records/s");
        }
        if (bytesPerDay > 0 && averageRecordBytes > 0) {
            double fromBytes = bytesPerDay / 86_400.0 / averageRecordBytes;
            if (fromBytes < target.recordsPerSecond()) {
                target = new Target(fromBytes, "bytes/day");
            }
        }
        return target;
    }

    /** Records per second a budget allows, and which of its limits gives it. */
    public record Target(double recordsPerSecond, String limit) {}
}
