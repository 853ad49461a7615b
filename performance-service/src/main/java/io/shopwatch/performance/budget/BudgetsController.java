package io.shopwatch.performance.budget;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's org's ingest budgets and the sampling rates that keep it within them. */
@Tag(name = "budgets", description = "ingest budgets and sampling rates")
@RestController
@RequestMapping("/api/v1/performance")
public class BudgetsController {

    /**
     * The answer.
     *
     * @param org the caller's org
     * @param orgBudget its budget (0: no limit)
     * @param intervalSeconds how often the rates are computed
     * @param errorsNeverSampled always true: error records are always kept
     * @param neverSampledStreams streams whose records are always kept
     * @param topic where every changed rate is published
     * @param streams each stream's rate, as last computed
     */
    public record Budgets(
            String org,
            Budget orgBudget,
            long intervalSeconds,
            boolean errorsNeverSampled,
            List<String> neverSampledStreams,
            String topic,
            List<SamplingRate> streams) {}

    private final BudgetRegulator regulator;
    private final BudgetProperties properties;
    private final OrgResolver orgs;

    public BudgetsController(BudgetRegulator regulator, BudgetProperties properties, OrgResolver orgs) {
        this.regulator = regulator;
        this.properties = properties;
        this.orgs = orgs;
    }

    @Operation(summary = "The caller's org's ingest budget and each stream's sampling rate, target and observed rate")
    @GetMapping("/budgets")
    public Budgets budgets(HttpServletRequest request) {
        String org = orgs.org(request);
        return new Budgets(
                org,
                regulator.orgBudget(org),
                properties.interval().toSeconds(),
                true,
                properties.neverSampled(),
                properties.topic(),
                regulator.rates(org));
    }
}
