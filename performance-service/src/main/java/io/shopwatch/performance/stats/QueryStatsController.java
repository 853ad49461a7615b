package io.shopwatch.performance.stats;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The query frontend's statistics for the caller's org. */
@Tag(name = "queries", description = "query frontend statistics")
@RestController
@RequestMapping("/api/v1/performance")
public class QueryStatsController {

    private final QueryStats stats;
    private final OrgResolver orgs;

    public QueryStatsController(QueryStats stats, OrgResolver orgs) {
        this.stats = stats;
        this.orgs = orgs;
    }

    @Operation(
            summary =
                    "Reads of the caller's org by outcome, hit ratio, bytes saved, store time and the slowest queries")
    @GetMapping("/queries")
    public QueryStats.OrgSnapshot queries(HttpServletRequest request) {
        return stats.snapshot(orgs.org(request));
    }
}
