package io.shopwatch.benchmarks.store;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

/**
 * Batches of log records as the pipeline sends them to the store's {@code _json}: flat objects of about 500 bytes,
 * {@code _timestamp} an integer in microseconds, an {@code id}, eight more fields. The same rows are also available
 * already typed, for a bare DuckDB appender.
 */
final class LogBatches {

    private static final String[] WORDS = ("checkout cart payment order shipping catalog search inventory price"
                    + " discount coupon customer session request response latency cache database query index"
                    + " warehouse delivery refund invoice tax currency basket product review rating recommendation")
            .split(" ");
    private static final String[] SERVICES = {
        "checkout", "cart", "payment", "catalog", "search", "shipping", "inventory", "pricing", "accounts", "reviews"
    };
    private static final String[] LEVELS = {"info", "info", "info", "info", "warn", "error", "debug"};

    /** One batch, typed, column by column. */
    record Batch(
            long[] timestamp,
            String[] id,
            String[] level,
            String[] service,
            long[] status,
            double[] latencyMs,
            String[] traceId,
            String[] userId,
            String[] message) {

        int size() {
            return timestamp.length;
        }

        /** The batch as the JSON array the pipeline posts. */
        byte[] json() {
            StringBuilder out = new StringBuilder(size() * 520);
            out.append('[');
            for (int i = 0; i < size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append("{\"_timestamp\":").append(timestamp[i]);
                out.append(",\"id\":\"").append(id[i]).append('"');
                out.append(",\"level\":\"").append(level[i]).append('"');
                out.append(",\"service\":\"").append(service[i]).append('"');
                out.append(",\"status\":").append(status[i]);
                out.append(",\"latency_ms\":").append(latencyMs[i]);
                out.append(",\"trace_id\":\"").append(traceId[i]).append('"');
                out.append(",\"user_id\":\"").append(userId[i]).append('"');
                out.append(",\"message\":\"").append(message[i]).append("\"}");
            }
            return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private LogBatches() {}

    /** {@code size} records from {@code seed}, their times a microsecond apart from {@code firstMicros}. */
    static Batch batch(long seed, int size, long firstMicros) {
        Random random = new Random(seed);
        Batch b = new Batch(
                new long[size],
                new String[size],
                new String[size],
                new String[size],
                new long[size],
                new double[size],
                new String[size],
                new String[size],
                new String[size]);
        for (int i = 0; i < size; i++) {
            b.timestamp()[i] = firstMicros + i;
            b.id()[i] = new UUID(random.nextLong(), random.nextLong()).toString();
            b.level()[i] = LEVELS[random.nextInt(LEVELS.length)];
            b.service()[i] = SERVICES[random.nextInt(SERVICES.length)];
            b.status()[i] = random.nextInt(100) < 95 ? 200 : 500;
            b.latencyMs()[i] = Math.round(random.nextDouble() * 200_000) / 100.0;
            b.traceId()[i] = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            b.userId()[i] = "u" + random.nextInt(100_000);
            StringBuilder message = new StringBuilder(320);
            if (i % 100 == 0) {
                message.append("upstream timeout ");
            }
            while (message.length() < 290) {
                message.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            b.message()[i] = message.toString().trim();
        }
        return b;
    }
}
