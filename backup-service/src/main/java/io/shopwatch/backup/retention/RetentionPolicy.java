package io.shopwatch.backup.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backup sets to keep, as restic's {@code forget} decides it: a set is kept when any rule keeps it. Pure: a list
 * of sets and a policy in, a decision with its reasons per set out.
 *
 * <ul>
 *   <li>{@code keepLast} n: the n newest sets;
 *   <li>{@code keepDaily}, {@code keepWeekly} (ISO weeks), {@code keepMonthly} n: the newest set of each of the n
 *       newest days, weeks, months that have a set;
 *   <li>the newest restorable set of a group is always kept, whatever the policy;
 *   <li>sets that are not restorable (corrupt) are neither counted nor deleted: a verify tells the operator about them.
 * </ul>
 *
 * Rules apply per group: sets of the same kind over the same streams.
 *
 * @param keepLast newest sets kept
 * @param keepDaily days kept
 * @param keepWeekly weeks kept
 * @param keepMonthly months kept
 */
public record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly) {

    public RetentionPolicy {
        if (keepLast < 0 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
            throw new IllegalArgumentException("retention counts cannot be negative");
        }
    }

    /** A set as retention sees it. */
    public record Candidate(String id, String group, Instant createdAt, boolean restorable) {}

    /** Keep or delete, and why. */
    public record Decision(String id, boolean keep, List<String> reasons) {}

    /** Decides every candidate; the answer is in the candidates' order, newest first within a group. */
    public List<Decision> apply(List<Candidate> candidates, ZoneId zone) {
        Map<String, List<Candidate>> groups = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            groups.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c);
        }
        Map<String, Set<String>> reasons = new LinkedHashMap<>();
        for (List<Candidate> group : groups.values()) {
            List<Candidate> restorable = group.stream()
                    .filter(Candidate::restorable)
                    .sorted(Comparator.comparing(Candidate::createdAt).reversed())
                    .toList();
            for (int i = 0; i < restorable.size(); i++) {
                if (i == 0) {
                    reason(reasons, restorable.get(i), "newest restorable set");
                }
                if (i < keepLast) {
                    reason(reasons, restorable.get(i), "last " + keepLast);
                }
            }
            buckets(restorable, keepDaily, c -> LocalDate.ofInstant(c.createdAt(), zone), "daily", reasons);
            buckets(
                    restorable,
                    keepWeekly,
                    c -> {
                        LocalDate d = LocalDate.ofInstant(c.createdAt(), zone);
                        return d.get(IsoFields.WEEK_BASED_YEAR) * 100 + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                    },
                    "weekly",
                    reasons);
            buckets(
                    restorable,
                    keepMonthly,
                    c -> YearMonth.from(LocalDate.ofInstant(c.createdAt(), zone)),
                    "monthly",
                    reasons);
            for (Candidate c : group) {
                if (!c.restorable()) {
                    reason(reasons, c, "not restorable: not counted, not deleted");
                }
            }
        }
        List<Decision> decisions = new ArrayList<>();
        for (Candidate c : candidates) {
            Set<String> why = reasons.get(c.id());
            decisions.add(
                    why == null
                            ? new Decision(c.id(), false, List.of("no rule keeps it"))
                            : new Decision(c.id(), true, List.copyOf(why)));
        }
        return decisions;
    }

    private static void buckets(
            List<Candidate> newestFirst,
            int count,
            Function<Candidate, Object> bucketOf,
            String rule,
            Map<String, Set<String>> reasons) {
        Set<Object> seen = new LinkedHashSet<>();
        for (Candidate c : newestFirst) {
            if (seen.size() >= count) {
                return;
            }
            if (seen.add(bucketOf.apply(c))) {
                reason(reasons, c, rule + " " + count);
            }
        }
    }

    private static void reason(Map<String, Set<String>> reasons, Candidate c, String reason) {
        reasons.computeIfAbsent(c.id(), id -> new LinkedHashSet<>()).add(reason);
    }
}
