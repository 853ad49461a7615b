package io.shopwatch.dashboard.api;

import io.shopwatch.common.openobserve.SearchRequest;
import io.shopwatch.dashboard.model.Dashboards;
import io.shopwatch.dashboard.store.Folder;
import io.shopwatch.dashboard.store.StoredDashboard;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What the API answers: OpenObserve's wrapper shapes, plus ShopWatch's revision and owner. */
public final class DashboardViews {

    private DashboardViews() {}

    /**
     * One dashboard, as OpenObserve's {@code GET /api/{org}/dashboards/{id}} answers it ({@code v8}, {@code version},
     * {@code hash}, {@code updatedAt} in µs), with its folder, revision and owner.
     */
    public record DashboardView(
            String dashboardId,
            String folderId,
            int version,
            String hash,
            long revision,
            long updatedAt,
            String managedBy,
            JsonNode v8) {

        static DashboardView of(StoredDashboard d) {
            return new DashboardView(
                    d.dashboardId(),
                    d.folderId(),
                    Dashboards.CURRENT_VERSION,
                    d.hash(),
                    d.revision(),
                    SearchRequest.micros(d.updatedAt()),
                    d.managedBy(),
                    Dashboards.withId(d.document(), d.dashboardId()));
        }
    }

    /** One entry of a list (OpenObserve's list items are snake_case but for {@code updatedAt}; so are these). */
    public record DashboardSummary(
            String dashboard_id,
            String folder_id,
            String folder_name,
            String title,
            String description,
            String owner,
            String created,
            String hash,
            long revision,
            int version,
            long updatedAt,
            String managed_by) {

        static DashboardSummary of(StoredDashboard d, Map<String, String> folderNames) {
            return new DashboardSummary(
                    d.dashboardId(),
                    d.folderId(),
                    folderNames.getOrDefault(d.folderId(), d.folderId()),
                    d.title(),
                    d.description(),
                    d.document().path("owner").asString(""),
                    d.document().path("created").asString(""),
                    d.hash(),
                    d.revision(),
                    Dashboards.CURRENT_VERSION,
                    SearchRequest.micros(d.updatedAt()),
                    d.managedBy());
        }
    }

    /** The list answer: {@code {"dashboards": [...]}}. */
    public record DashboardList(List<DashboardSummary> dashboards) {}

    /** A folder: {@code {"folderId", "name", "description"}} as OpenObserve writes it. */
    public record FolderView(String folderId, String name, String description) {

        static FolderView of(Folder f) {
            return new FolderView(f.folderId(), f.name(), f.description());
        }
    }

    /** The folder list: {@code {"list": [...]}}. */
    public record FolderList(List<FolderView> list) {}

    /** Body of a folder create or update. */
    public record FolderRequest(String name, String description) {}

    /** Body of a move: the target folder and, optionally, the hash read. */
    public record MoveRequest(String folderId, String hash) {}

    /** Body of a batch move, as OpenObserve's {@code PATCH /dashboards/move}. */
    public record BatchMoveRequest(List<String> dashboard_ids, String dst_folder_id) {}
}
