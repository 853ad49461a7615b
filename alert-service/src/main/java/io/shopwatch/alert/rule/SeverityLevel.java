package io.shopwatch.alert.rule;

import java.util.List;

/**
 * One threshold of a rule. With a recovery threshold, a level that is active stays active until the value no longer
 * passes the recovery threshold (hysteresis against flapping).
 */
public record SeverityLevel(String severity, Comparison op, double threshold, Double recovery) {

    /**
     * The level a value reaches, most severe first; {@code current} is the level the instance is at now (null when it
     * is not active), whose recovery thresholds then apply to it and every less severe level.
     *
     * @return the severity reached, or null
     */
    public static String evaluate(List<SeverityLevel> levels, double value, String current) {
        int currentIndex = -1;
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).severity().equals(current)) {
                currentIndex = i;
            }
        }
        for (int i = 0; i < levels.size(); i++) {
            SeverityLevel level = levels.get(i);
            boolean active = currentIndex >= 0 && currentIndex <= i;
            double limit = active && level.recovery() != null ? level.recovery() : level.threshold();
            if (level.op().test(value, limit)) {
                return level.severity();
            }
        }
        return null;
    }
}
