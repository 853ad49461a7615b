package io.shopwatch.dashboard.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import io.shopwatch.dashboard.DashboardServiceTestBase;
import io.shopwatch.dashboard.service.DashboardService;
import io.shopwatch.dashboard.store.PackInstalls;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PackInstallationTest extends DashboardServiceTestBase {

    @Autowired
    DashboardService service;

    @Autowired
    DataSource dataSource;

    private Map<String, JsonNode> packDashboards(String org) {
        JsonNode list = send("GET", "/api/v1/dashboards?folder=ecommerce", token(org, Role.VIEWER), null)
                .json();
        Map<String, JsonNode> byOwner = new HashMap<>();
        list.get("dashboards").forEach(d -> byOwner.put(d.get("managed_by").asString(""), d));
        return byOwner;
    }

    @Test
    void everyOrg_getsThePacks_readOnly_untilDetached() {
        String org = newOrg("packs");
        Map<String, JsonNode> packs = packDashboards(org);
        assertThat(packs).containsOnlyKeys("pack:sales-overview", "pack:site-health", "pack:user-behaviour");
        assertThat(packs.get("pack:sales-overview").get("folder_name").asString())
                .isEqualTo("E-commerce");

        String operator = token(org, Role.OPERATOR);
        JsonNode sales = packs.get("pack:sales-overview");
        String id = sales.get("dashboard_id").asString();
        JsonNode document = send("GET", "/api/v1/dashboards/" + id + "/export", operator, null)
                .json();
        Answer refused = send(
                "PUT", "/api/v1/dashboards/" + id + "?hash=" + sales.get("hash").asString(), operator, document);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("pack:sales-overview");
        assertThat(send("DELETE", "/api/v1/dashboards/" + id, operator, null).status())
                .isEqualTo(409);

        Answer detached = send("POST", "/api/v1/dashboards/" + id + "/detach", operator, null);
        assertThat(detached.status()).isEqualTo(200);
        assertThat(detached.json().get("managedBy").isNull()).isTrue();
        ((ObjectNode) document).put("title", "Our sales");
        Answer saved = send(
                "PUT",
                "/api/v1/dashboards/" + id + "?hash="
                        + detached.json().get("hash").asString(),
                operator,
                document);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }

    @Test
    void aNewPackVersion_upgradesOwnedDashboards_andLeavesDetachedOnesAlone() {
        String org = newOrg("upgrade");
        Map<String, JsonNode> before = packDashboards(org);
        String healthId = before.get("pack:site-health").get("dashboard_id").asString();
        send("POST", "/api/v1/dashboards/" + healthId + "/detach", token(org, Role.OPERATOR), null);

        List<DashboardPack> v2 = PackCatalog.shipped().packs().stream()
                .map(p -> {
                    ObjectNode changed = (ObjectNode) p.dashboard().deepCopy();
                    changed.put("title", p.dashboard().get("title").asString() + " v2");
                    return new DashboardPack(p.id(), p.version() + 1, p.folder(), changed);
                })
                .toList();
        new PackInstaller(new PackCatalog(v2), service, new PackInstalls(dataSource), Clock.systemUTC())
                .ensureInstalled(org);

        JsonNode sales =
                service.findManaged(org, "pack:sales-overview").orElseThrow().document();
        assertThat(sales.get("title").asString()).isEqualTo("Sales overview v2");
        assertThat(service.get(org, healthId).document().get("title").asString())
                .isEqualTo("Site health");
        assertThat(service.findManaged(org, "pack:site-health")).isEmpty();
        assertThat(new PackInstalls(dataSource).installed(org)).containsEntry("sales-overview", 2);
    }
}
