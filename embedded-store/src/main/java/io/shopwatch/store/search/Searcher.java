package io.shopwatch.store.search;

import tools.jackson.databind.node.ObjectNode;

/** Runs OpenObserve searches over the store and answers in OpenObserve's response shape. */
public interface Searcher {

    /** {@code POST /api/{org}/_search}. Refused queries throw {@link io.shopwatch.store.error.StoreException}. */
    ObjectNode search(String org, SearchQuery query);

    /** {@code GET /api/{org}/{stream}/_values}: the most frequent values of some fields. */
    ObjectNode values(String org, ValuesQuery query);
}
