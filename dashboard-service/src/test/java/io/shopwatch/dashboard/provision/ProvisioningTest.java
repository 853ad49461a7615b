package io.shopwatch.dashboard.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.security.Role;
import io.shopwatch.dashboard.DashboardServiceTestBase;
import io.shopwatch.dashboard.TestProvisioning;
import io.shopwatch.dashboard.model.Dashboards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Grafana's file-provisioning semantics: a file added, changed or deleted shows in the API within an interval. */
class ProvisioningTest extends DashboardServiceTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final Path dir = Path.of(TestProvisioning.dir());

    private Map<String, JsonNode> provisioned() {
        JsonNode list = send("GET", "/api/v1/dashboards", token(TestProvisioning.ORG, Role.VIEWER), null)
                .json();
        Map<String, JsonNode> byOwner = new HashMap<>();
        list.get("dashboards").forEach(d -> {
            String owner = d.get("managed_by").asString("");
            if (owner.startsWith("file:")) {
                byOwner.put(owner, d);
            }
        });
        return byOwner;
    }

    private static String withTitle(String title) {
        ObjectNode document = (ObjectNode) resource("example-dashboard-v8.json");
        document.put("title", title);
        return Dashboards.JSON.writeValueAsString(document);
    }

    @Test
    void filesAreAdded_changed_andDeleted_andTheirDashboardsAreReadOnly() throws Exception {
        String operator = token(TestProvisioning.ORG, Role.OPERATOR);
        Files.writeString(dir.resolve("orders.json"), withTitle("Orders from a file"));
        Files.createDirectories(dir.resolve("ops"));
        Files.writeString(
                dir.resolve("ops/grafana.json"),
                Dashboards.JSON.writeValueAsString(resource("import/grafana-shop.json")));
        Files.writeString(dir.resolve("broken.json"), "{\"title\": \"no tabs\", \"tabs\": 3");

        await().atMost(WAIT).until(() -> provisioned()
                .keySet()
                .containsAll(java.util.List.of("file:orders.json", "file:ops/grafana.json")));
        Map<String, JsonNode> dashboards = provisioned();
        assertThat(dashboards).doesNotContainKey("file:broken.json");
        assertThat(dashboards.get("file:orders.json").get("folder_id").asString())
                .isEqualTo("default");
        assertThat(dashboards.get("file:ops/grafana.json").get("folder_name").asString())
                .isEqualTo("ops");
        assertThat(dashboards.get("file:ops/grafana.json").get("title").asString())
                .isEqualTo("Shop operations");

        JsonNode orders = dashboards.get("file:orders.json");
        String id = orders.get("dashboard_id").asString();
        Answer refused = send(
                "PUT",
                "/api/v1/dashboards/" + id + "?hash=" + orders.get("hash").asString(),
                operator,
                resource("example-dashboard-v8.json"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(send("DELETE", "/api/v1/dashboards/" + id, operator, null).status())
                .isEqualTo(409);

        Files.writeString(dir.resolve("orders.json"), withTitle("Orders, changed in the file"));
        await().atMost(WAIT).until(() -> "Orders, changed in the file"
                .equals(provisioned().get("file:orders.json").get("title").asString()));
        assertThat(provisioned().get("file:orders.json").get("dashboard_id").asString())
                .isEqualTo(id);

        Files.delete(dir.resolve("orders.json"));
        await().atMost(WAIT).until(() -> !provisioned().containsKey("file:orders.json"));
        assertThat(send("GET", "/api/v1/dashboards/" + id, operator, null).status())
                .isEqualTo(404);
    }

    @Test
    void aDetachedDashboard_isLeftAlone_andNotCopiedAgain() throws Exception {
        String operator = token(TestProvisioning.ORG, Role.OPERATOR);
        Files.writeString(dir.resolve("detach-me.json"), withTitle("Detach me"));
        await().atMost(WAIT).until(() -> provisioned().containsKey("file:detach-me.json"));
        String id = provisioned().get("file:detach-me.json").get("dashboard_id").asString();

        Answer detached = send("POST", "/api/v1/dashboards/" + id + "/detach", operator, null);
        assertThat(detached.status()).isEqualTo(200);
        Files.writeString(dir.resolve("detach-me.json"), withTitle("Changed after detaching"));
        Files.writeString(dir.resolve("marker.json"), withTitle("Marker"));
        // every pass reads all files: once the later file shows, the changed one has been read too
        await().atMost(WAIT).until(() -> provisioned().containsKey("file:marker.json"));

        assertThat(provisioned()).doesNotContainKey("file:detach-me.json");
        assertThat(send("GET", "/api/v1/dashboards/" + id, operator, null)
                        .json()
                        .get("v8")
                        .get("title")
                        .asString())
                .isEqualTo("Detach me");
        assertThat(send("GET", "/api/v1/dashboards?title=Changed%20after", operator, null)
                        .json()
                        .get("dashboards"))
                .isEmpty();
    }
}
