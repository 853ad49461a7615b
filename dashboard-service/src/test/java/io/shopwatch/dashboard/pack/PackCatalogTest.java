package io.shopwatch.dashboard.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.dashboard.model.PanelTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PackCatalogTest {

    private final PackCatalog catalog = PackCatalog.shipped();

    @Test
    void threePacks_areShipped_valid_andVersioned() {
        assertThat(catalog.packs())
                .extracting(DashboardPack::id)
                .containsExactly("sales-overview", "site-health", "user-behaviour");
        assertThat(catalog.packs()).allSatisfy(p -> assertThat(p.version()).isPositive());
        assertThat(catalog.packs())
                .extracting(p -> p.dashboard().get("title").asString())
                .containsExactly("Sales overview", "Site health", "User behaviour");
    }

    /** A custom-SQL panel renders only when each axis alias is a SELECT alias (OpenObserve's rule). */
    @Test
    void everyAxisAlias_isASelectAlias_andEveryPanelHasADescription() {
        for (DashboardPack pack : catalog.packs()) {
            for (JsonNode panel : panels(pack)) {
                assertThat(panel.get("description").asString())
                        .as(panel.get("id").asString())
                        .isNotBlank();
                assertThat(PanelTypes.ALL).contains(panel.get("type").asString());
                for (JsonNode query : panel.get("queries")) {
                    String sql = query.get("query").asString();
                    assertThat(query.get("customQuery").asBoolean()).isTrue();
                    for (String axis : List.of("x", "y", "breakdown")) {
                        for (JsonNode item : query.get("fields").get(axis)) {
                            assertThat(sql)
                                    .as(pack.id() + " " + panel.get("id").asString())
                                    .contains("AS \"" + item.get("alias").asString() + "\"");
                        }
                    }
                }
            }
        }
    }

    static List<JsonNode> panels(DashboardPack pack) {
        List<JsonNode> panels = new ArrayList<>();
        pack.dashboard().get("tabs").forEach(t -> t.get("panels").forEach(panels::add));
        return panels;
    }
}
