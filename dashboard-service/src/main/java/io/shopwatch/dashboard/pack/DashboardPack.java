package io.shopwatch.dashboard.pack;

import tools.jackson.databind.JsonNode;

/**
 * A dashboard ShopWatch ships and installs in every org.
 *
 * @param id stable id ({@code sales-overview}); the installed dashboard is owned by {@code pack:<id>}
 * @param version raised whenever the dashboard changes; an org with an older version is upgraded
 * @param folder name of the folder it goes in
 * @param dashboard the v8 document
 */
public record DashboardPack(String id, int version, String folder, JsonNode dashboard) {

    /** The owner name of the installed dashboard. */
    public String managedBy() {
        return "pack:" + id;
    }
}
