package io.shopwatch.alert.rule;

import java.time.Instant;
import java.util.List;

/**
 * Runs a PromQL instant query for an organisation; every series of the answer is one sample, its labels (without
 * {@code __name__}) the series' labels. A scalar answer is one sample without labels.
 */
@FunctionalInterface
public interface PromQlQueryExecutor {

    List<Sample> query(String org, String promql, Instant at);
}
