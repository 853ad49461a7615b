package io.shopwatch.dashboard.pack;

import io.shopwatch.dashboard.model.Dashboards;
import io.shopwatch.dashboard.model.FieldError;
import io.shopwatch.dashboard.model.V8Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The e-commerce packs: one JSON resource per pack under {@code packs/} ({@code {"pack": {id, version, folder},
 * "dashboard": <v8>}}), read and validated when the service starts; an invalid pack stops the start naming the file
 * and the field.
 */
public final class PackCatalog {

    /** The packs ShopWatch ships, in the order they are listed. */
    public static final List<String> SHIPPED = List.of("sales-overview", "site-health", "user-behaviour");

    /** The folder the packs go in. */
    public static final String FOLDER_ID = "ecommerce";

    private final List<DashboardPack> packs;

    public PackCatalog(List<DashboardPack> packs) {
        this.packs = List.copyOf(packs);
    }

    /** The shipped packs from the class path. */
    public static PackCatalog shipped() {
        List<DashboardPack> packs = new ArrayList<>();
        for (String id : SHIPPED) {
            packs.add(read("packs/" + id + ".json"));
        }
        return new PackCatalog(packs);
    }

    public List<DashboardPack> packs() {
        return packs;
    }

    static DashboardPack read(String resource) {
        try (InputStream in = PackCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("pack resource " + resource + " is missing");
            }
            JsonNode file = Dashboards.JSON.readTree(in);
            JsonNode pack = file.path("pack");
            String id = pack.path("id").asString("");
            int version = pack.path("version").asInt(0);
            if (id.isBlank() || version < 1) {
                throw new IllegalStateException(resource + ": pack.id and pack.version (>= 1) are required");
            }
            JsonNode dashboard = file.get("dashboard");
            List<FieldError> errors = V8Validator.validate(dashboard);
            if (!errors.isEmpty()) {
                throw new IllegalStateException(resource + ": the dashboard is not valid: " + errors);
            }
            return new DashboardPack(id, version, pack.path("folder").asString("E-commerce"), dashboard);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
