package io.shopwatch.alert.rule;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.SearchRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Runs rule queries through OpenObserve's {@code _search} API (OpenObserve itself, the embedded store or the query
 * frontend in front of either), in the rule's organisation.
 */
public final class OpenObserveRuleQueryExecutor implements RuleQueryExecutor {

    private final OpenObserveClient client;
    private final IntSupplier maxRows;

    public OpenObserveRuleQueryExecutor(OpenObserveClient client, int maxRows) {
        this(client, () -> maxRows);
    }

    /** @param maxRows the most rows one query returns, read on every query */
    public OpenObserveRuleQueryExecutor(OpenObserveClient client, IntSupplier maxRows) {
        this.client = client;
        this.maxRows = maxRows;
    }

    @Override
    public List<Map<String, Object>> query(String org, String sql, Instant start, Instant end) {
        return client.forOrg(org)
                .search(SearchRequest.sql(sql)
                        .range(start, end)
                        .size(maxRows.getAsInt())
                        .build())
                .hits();
    }
}
