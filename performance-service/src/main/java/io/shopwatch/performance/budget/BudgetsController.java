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
     * @param streamBudget the budget of each of its streams that {@code limits} does not name (0: no limit)
     * @param limits the budgets named for it and its streams in the settings in force
     * @param intervalSeconds how often the rates are computed
     * @param errorsNeverSampled always true: error records are always kept
     * @param neverSampledStreams streams whose records are always kept
     * @param topic where every changed rate is published
     * @param streams each stream's rate, as last computed
     */
    public record Budgets(
            String org,
            Budget orgBudget,
            Budget streamBudget,
            List<BudgetProperties.Limit> limits,
            long intervalSeconds,
            boolean errorsNeverSampled,
            List<String> neverSampledStreams,
            String topic,
            List<SamplingRate> streams) {}

    private final BudgetRegulator regulator;
    private final DynamicBudgets budgets;
    private final OrgResolver orgs;

    public BudgetsController(BudgetRegulator regulator, DynamicBudgets budgets, OrgResolver orgs) {
        this.regulator = regulator;
        this.budgets = budgets;
        this.orgs = orgs;
    }

    @Operation(summary = "The caller's org's ingest budget and each stream's sampling rate, target and observed rate")
    @GetMapping("/budgets")
    public Budgets budgets(HttpServletRequest request) {
        String org = orgs.org(request);
        BudgetProperties properties = budgets.current();
        return new Budgets(
                org,
                properties.org(org),
                new Budget(properties.streamRecordsPerSecond(), properties.streamBytesPerDay()),
                properties.limitsOf(org),
                properties.interval().toSeconds(),
                true,
                properties.neverSampled(),
                properties.topic(),
                regulator.rates(org));
    }
}
