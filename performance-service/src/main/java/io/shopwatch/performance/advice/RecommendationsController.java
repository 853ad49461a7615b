package io.shopwatch.performance.advice;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tuning advice for the caller's org. */
@Tag(name = "recommendations", description = "tuning advice from observed queries and ingestion")
@RestController
@RequestMapping("/api/v1/performance")
public class RecommendationsController {

    /** The answer: the org and its advice. */
    public record Recommendations(String org, List<Advisor.Recommendation> recommendations) {}

    private final Advisor advisor;
    private final OrgResolver orgs;

    public RecommendationsController(Advisor advisor, OrgResolver orgs) {
        this.advisor = advisor;
        this.orgs = orgs;
    }

    @Operation(
            summary = "Streams nobody reads, the queries that scan the most, fields worth a full-text index, "
                    + "the look-back reads need; each with its evidence")
    @GetMapping("/recommendations")
    public Recommendations recommendations(HttpServletRequest request) {
        String org = orgs.org(request);
        return new Recommendations(org, advisor.recommendations(org));
    }
}
