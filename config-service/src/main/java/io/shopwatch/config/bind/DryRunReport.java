package io.shopwatch.config.bind;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What the dry-run bind of a publish did: the instances that bound the candidate, those that could not be asked, and
 * a sentence when none answered (the publish then rests on the JSON Schema and the platform rules alone).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DryRunReport(List<String> checkedInstances, List<Unreachable> unreachable, String note) {

    /** An instance that was asked and did not answer with a verdict. */
    public record Unreachable(String instance, String reason) {}
}
