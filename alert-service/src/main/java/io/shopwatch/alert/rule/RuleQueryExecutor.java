package io.shopwatch.alert.rule;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Runs a scheduled rule's SQL over a time range of an organisation's telemetry; rows as column → value. */
@FunctionalInterface
public interface RuleQueryExecutor {

    List<Map<String, Object>> query(String org, String sql, Instant start, Instant end);
}
