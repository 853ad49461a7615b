package io.shopwatch.dashboard.query;

/**
 * The built-in interval variables as OpenObserve's UI computes them ({@code usePanelVariableSubstitution},
 * {@code formatInterval}): {@code $__interval} is the range divided by the panel's width in pixels, rounded up to the
 * next of a fixed ladder of steps (1ms ... 30d, 1y).
 */
public final class Intervals {

    /** One rung of the ladder: up to {@code maxMillis} per pixel gives {@code value}{@code unit}. */
    private record Step(double maxMillis, long value, String unit, long millis) {}

    private static final long S = 1000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;
    private static final long D = 24 * H;

    private static final Step[] LADDER = {
        new Step(10, 1, "ms", 1),
        new Step(15, 10, "ms", 10),
        new Step(35, 20, "ms", 20),
        new Step(75, 50, "ms", 50),
        new Step(150, 100, "ms", 100),
        new Step(350, 200, "ms", 200),
        new Step(750, 500, "ms", 500),
        new Step(1_500, 1, "s", S),
        new Step(3_500, 2, "s", 2 * S),
        new Step(7_500, 5, "s", 5 * S),
        new Step(12_500, 10, "s", 10 * S),
        new Step(17_500, 15, "s", 15 * S),
        new Step(25_000, 20, "s", 20 * S),
        new Step(45_000, 30, "s", 30 * S),
        new Step(90_000, 1, "m", M),
        new Step(210_000, 2, "m", 2 * M),
        new Step(450_000, 5, "m", 5 * M),
        new Step(750_000, 10, "m", 10 * M),
        new Step(1_050_000, 15, "m", 15 * M),
        new Step(1_500_000, 20, "m", 20 * M),
        new Step(2_700_000, 30, "m", 30 * M),
        new Step(5_400_000, 1, "h", H),
        new Step(9_000_000, 2, "h", 2 * H),
        new Step(16_200_000, 3, "h", 3 * H),
        new Step(32_400_000, 6, "h", 6 * H),
        new Step(86_400_000, 12, "h", 12 * H),
        new Step(604_800_000, 24, "h", D),
        new Step(1_814_400_000, 1, "w", 7 * D),
        new Step(3_628_800_000d - 0.5, 30, "d", 30 * D),
    };

    /** The interval text ({@code 1m}) and its length. */
    public record Interval(String text, long millis) {}

    private Intervals() {}

    /** {@code $__interval} for a range of {@code rangeMicros} on a panel {@code widthPixels} wide. */
    public static Interval interval(long rangeMicros, int widthPixels) {
        double perPixelMillis = (double) rangeMicros / Math.max(1, widthPixels) / 1000.0;
        for (Step step : LADDER) {
            if (perPixelMillis <= step.maxMillis()) {
                return new Interval(step.value() + step.unit(), step.millis());
            }
        }
        return new Interval("1y", 365 * D);
    }

    /** {@code $__rate_interval}: max(interval + scrape interval, 4 × scrape interval), in seconds. */
    public static long rateIntervalSeconds(Interval interval, long scrapeSeconds) {
        return Math.max(interval.millis() / 1000 + scrapeSeconds, 4 * scrapeSeconds);
    }

    /** A duration in seconds as OpenObserve writes ranges: {@code 1h30m}, {@code 45s}, {@code 2d}. */
    public static String format(long seconds) {
        if (seconds <= 0) {
            return "1s";
        }
        StringBuilder text = new StringBuilder();
        long rest = seconds;
        for (long[] unit : new long[][] {{86_400, 'd'}, {3_600, 'h'}, {60, 'm'}, {1, 's'}}) {
            long n = rest / unit[0];
            if (n > 0) {
                text.append(n).append((char) unit[1]);
                rest -= n * unit[0];
            }
        }
        return text.toString();
    }
}
