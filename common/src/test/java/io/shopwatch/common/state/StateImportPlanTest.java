package io.shopwatch.common.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StateImportPlanTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode item(String id, String value) {
        return JSON.createObjectNode().put("id", id).put("value", value);
    }

    private static final StateDocument INCOMING = new StateDocument(
            1,
            "things",
            "o",
            Instant.EPOCH,
            Map.of("rules", List.of(item("new", "a"), item("same", "b"), item("changed", "c"))));

    private static final Map<String, Map<String, JsonNode>> EXISTING =
            Map.of("rules", Map.of("same", item("same", "b"), "changed", item("changed", "other")));

    @Test
    void plan_createsMissing_leavesEqual_andSkipsConflicts() {
        StateImportPlan plan = StateImportPlan.of(INCOMING, EXISTING, ConflictPolicy.SKIP);

        assertThat(plan.writes()).extracting(StateImportPlan.Action::id).containsExactly("new");
        StateImportResult result = plan.result(false);
        assertThat(result.created()).isEqualTo(1);
        assertThat(result.unchanged()).isEqualTo(1);
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(result.conflicts()).containsExactly(new StateImportResult.Conflict("rules", "changed"));
        assertThat(result.refused()).isFalse();
    }

    @Test
    void overwrite_writesConflicts() {
        StateImportPlan plan = StateImportPlan.of(INCOMING, EXISTING, ConflictPolicy.OVERWRITE);

        assertThat(plan.writes()).extracting(StateImportPlan.Action::id).containsExactly("new", "changed");
        assertThat(plan.result(false).overwritten()).isEqualTo(1);
    }

    @Test
    void fail_refusesEverything_whenThereIsAConflict() {
        StateImportPlan plan = StateImportPlan.of(INCOMING, EXISTING, ConflictPolicy.FAIL);

        assertThat(plan.refused()).isTrue();
        assertThat(plan.writes()).isEmpty();
        assertThat(plan.result(true).created()).isZero();
        assertThat(StateImportPlan.of(INCOMING, Map.of(), ConflictPolicy.FAIL).writes())
                .hasSize(3);
    }

    @Test
    void policies_parse_andItemsNeedIds() {
        assertThat(ConflictPolicy.parse(null)).isEqualTo(ConflictPolicy.FAIL);
        assertThat(ConflictPolicy.parse(" Overwrite ")).isEqualTo(ConflictPolicy.OVERWRITE);
        assertThatThrownBy(() -> ConflictPolicy.parse("merge")).hasMessageContaining("skip, overwrite or fail");
        assertThatThrownBy(() -> StateDocument.id(JSON.createObjectNode().put("name", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conflictDetail_countsTheConflicts_andNamesTheFirstTwenty() {
        Map<String, JsonNode> existing = new java.util.LinkedHashMap<>();
        List<JsonNode> incoming = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            incoming.add(item("r" + i, "new"));
            existing.put("r" + i, item("r" + i, "old"));
        }
        StateImportPlan plan = StateImportPlan.of(
                new StateDocument(1, "things", "o", Instant.EPOCH, Map.of("rules", incoming)),
                Map.of("rules", existing),
                ConflictPolicy.FAIL);

        String detail = plan.conflictDetail();

        assertThat(detail).startsWith("25 item(s) exist with other content (conflicts=fail): rules/r0, rules/r1, ");
        assertThat(detail).endsWith("rules/r19");
        assertThat(detail.split(", ")).hasSize(20);
    }

    @Test
    void instant_parsesIsoInstants_andRefusesOthersWithA400NamingTheItemAndField() {
        JsonNode item = JSON.createObjectNode()
                .put("id", "k1")
                .put("created_at", "2026-12-06T10:00:00Z")
                .put("expires_at", "tomorrow")
                .putNull("revoked_at");

        assertThat(StateDocument.instant(item, "created_at")).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(StateDocument.optionalInstant(item, "revoked_at")).isNull();
        assertThat(StateDocument.optionalInstant(item, "missing")).isNull();
        assertThatThrownBy(() -> StateDocument.instant(item, "expires_at"))
                .isInstanceOf(ShopWatchException.class)
                .hasMessage("k1: expires_at is not an ISO-8601 instant")
                .satisfies(e -> assertThat(((ShopWatchException) e).type()).isEqualTo(ProblemType.VALIDATION));
        assertThatThrownBy(() -> StateDocument.instant(item, "missing"))
                .hasMessage("k1: missing is not an ISO-8601 instant");
        assertThatThrownBy(() -> StateDocument.optionalInstant(item, "expires_at"))
                .hasMessage("k1: expires_at is not an ISO-8601 instant");
    }
}
