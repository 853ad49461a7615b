package io.shopwatch.alert.rule;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.SearchRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs rule queries through OpenObserve's {@code _search} API (OpenObserve itself, the embedded store or the query
 * frontend in front of either), in the rule's organisation.
 */
public final class OpenObserveRuleQueryExecutor implements RuleQueryExecutor {

    private final OpenObserveClient client;
    private final int maxRows;

    public OpenObserveRuleQueryExecutor(OpenObserveClient client, int maxRows) {
        this.client = client;
        this.maxRows = maxRows;
    }

    @Override
    public List<Map<String, Object>> query(String org, String sql, Instant start, Instant end) {
        return client.forOrg(org)
                .search(SearchRequest.sql(sql).range(start, end).size(maxRows).build())
                .hits();
    }
}
