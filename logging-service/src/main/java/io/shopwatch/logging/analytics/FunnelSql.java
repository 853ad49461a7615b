package io.shopwatch.logging.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of an ordered conversion funnel, counted in the store with aggregations and joins, never by reading events.
 *
 * <p>One CTE per step holds, per session that reached it, the time of the session's first step ({@code t0}) and the
 * time the step was reached ({@code t}):
 *
 * <pre>
 * f0: min(_timestamp) of step 1 per session                                         (t0 = t)
 * fi: min(_timestamp) of step i+1 per session of f(i-1), at or after f(i-1).t and at most window after t0
 * </pre>
 *
 * This is the earliest-first ordered match (the first step 1 of the session, then the first step 2 after it, ...):
 * taking the earliest time at each step never loses a later step, so it counts every session that did the steps in
 * order within the window. A step whose event type appeared at an earlier step must come strictly after the previous
 * step, so that one event never counts as two steps. The answer is one row per step ({@code step} 0.., {@code
 * sessions}) plus the row {@code step = -1} with the sessions that did any of the steps.
 */
final class FunnelSql {

    /** The {@code step} of the row counting the sessions that did any of the steps. */
    static final int SCANNED = -1;

    private FunnelSql() {}

    /**
     * @param stream the quoted stream name
     * @param steps event types, in order
     * @param windowMicros longest time from the first step to any later one
     */
    static String of(String stream, List<String> steps, long windowMicros) {
        List<String> ctes = new ArrayList<>();
        ctes.add("f0 AS (SELECT session_id, min(_timestamp) AS t0, min(_timestamp) AS t FROM " + stream
                + " WHERE type = " + Sql.literal(steps.get(0)) + " AND session_id IS NOT NULL GROUP BY session_id)");
        for (int i = 1; i < steps.size(); i++) {
            String after = steps.subList(0, i).contains(steps.get(i)) ? " > " : " >= ";
            ctes.add("f" + i + " AS (SELECT e.session_id, p.t0, min(e._timestamp) AS t FROM " + stream + " AS e JOIN f"
                    + (i - 1) + " AS p ON e.session_id = p.session_id WHERE e.type = " + Sql.literal(steps.get(i))
                    + " AND e._timestamp" + after + "p.t AND e._timestamp <= p.t0 + " + windowMicros
                    + " GROUP BY e.session_id, p.t0)");
        }
        List<String> counts = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            counts.add("SELECT " + i + " AS step, count(*) AS sessions FROM f" + i);
        }
        String types = String.join(", ", steps.stream().map(Sql::literal).toList());
        counts.add("SELECT " + SCANNED + " AS step, count(DISTINCT session_id) AS sessions FROM " + stream
                + " WHERE type IN (" + types + ")");
        return "WITH " + String.join(", ", ctes) + " " + String.join(" UNION ALL ", counts);
    }
}
