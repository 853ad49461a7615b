package io.shopwatch.dashboard.state;

import io.shopwatch.common.state.ConflictPolicy;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportPlan;
import io.shopwatch.common.state.StateImportResult;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.dashboard.model.Dashboards;
import io.shopwatch.dashboard.model.FieldError;
import io.shopwatch.dashboard.model.V8Validator;
import io.shopwatch.dashboard.service.DashboardRejectedException;
import io.shopwatch.dashboard.service.DashboardService;
import io.shopwatch.dashboard.service.Ids;
import io.shopwatch.dashboard.store.DashboardStore;
import io.shopwatch.dashboard.store.Folder;
import io.shopwatch.dashboard.store.StoredDashboard;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An org's dashboards and folders as a {@link StateDocument} (service {@code dashboards}), and back: sections
 * {@code folders} ({@code id, name, description}) and {@code dashboards} ({@code id, folder_id, managed_by,
 * managed_rev, document}). Revisions, hashes and timestamps are not state: an imported dashboard gets a new revision
 * and hash, so that a client holding an old hash cannot overwrite it. An import runs in one transaction.
 */
public class DashboardStateExporter {

    public static final String SERVICE = "dashboards";
    public static final String FOLDERS = "folders";
    public static final String DASHBOARDS = "dashboards";

    private final DashboardService service;
    private final DashboardStore store;
    private final TransactionOperations transactions;
    private final Clock clock;

    public DashboardStateExporter(
            DashboardService service, DashboardStore store, TransactionOperations transactions, Clock clock) {
        this.service = service;
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
    }

    public StateDocument export(String org) {
        List<JsonNode> folders = service.folders(org).stream()
                .sorted(Comparator.comparing(Folder::folderId))
                .map(DashboardStateExporter::item)
                .toList();
        List<JsonNode> dashboards = store.list(org, null, null).stream()
                .sorted(Comparator.comparing(StoredDashboard::dashboardId))
                .map(DashboardStateExporter::item)
                .toList();
        Map<String, List<JsonNode>> sections = new LinkedHashMap<>();
        sections.put(FOLDERS, folders);
        sections.put(DASHBOARDS, dashboards);
        return new StateDocument(StateDocument.FORMAT, SERVICE, org, clock.instant(), sections);
    }

    /**
     * Imports {@code document} into {@code org}: folders first, then dashboards. A conflict under {@code fail} refuses
     * everything (409) unless it is a dry run, which only reports.
     */
    public StateImportResult importState(String org, StateDocument document, ConflictPolicy policy, boolean dryRun) {
        if (document.format() != StateDocument.FORMAT || !SERVICE.equals(document.service())) {
            throw ShopWatchException.invalid("not a " + SERVICE + " state document of format " + StateDocument.FORMAT);
        }
        for (String section : document.sections().keySet()) {
            if (!FOLDERS.equals(section) && !DASHBOARDS.equals(section)) {
                throw ShopWatchException.invalid("unknown section " + section);
            }
        }
        List<JsonNode> incomingFolders = document.sections().getOrDefault(FOLDERS, List.of());
        for (JsonNode dashboard : document.sections().getOrDefault(DASHBOARDS, List.of())) {
            check(dashboard, incomingFolders, org);
        }
        StateImportPlan plan = StateImportPlan.of(document, existing(org), policy);
        if (dryRun) {
            return plan.result(true);
        }
        if (plan.refused()) {
            throw ShopWatchException.conflict(plan.conflictDetail());
        }
        transactions.executeWithoutResult(status -> {
            for (StateImportPlan.Action action : plan.writes()) {
                if (FOLDERS.equals(action.section())) {
                    writeFolder(org, action);
                }
            }
            for (StateImportPlan.Action action : plan.writes()) {
                if (DASHBOARDS.equals(action.section())) {
                    writeDashboard(org, action);
                }
            }
        });
        return plan.result(false);
    }

    private Map<String, Map<String, JsonNode>> existing(String org) {
        Map<String, Map<String, JsonNode>> existing = new LinkedHashMap<>();
        export(org)
                .sections()
                .forEach((section, items) -> existing.put(
                        section,
                        items.stream()
                                .collect(
                                        Collectors.toMap(StateDocument::id, i -> i, (a, b) -> a, LinkedHashMap::new))));
        return existing;
    }

    private void check(JsonNode dashboard, List<JsonNode> incomingFolders, String org) {
        String id = StateDocument.id(dashboard);
        if (!dashboard.path("document").isObject()) {
            throw ShopWatchException.invalid("dashboard " + id + ": no document");
        }
        List<FieldError> errors = V8Validator.validate(dashboard.get("document"));
        if (!errors.isEmpty()) {
            throw new DashboardRejectedException(errors);
        }
        String folder = text(dashboard, "folder_id");
        boolean known = folder == null
                || incomingFolders.stream()
                        .anyMatch(f -> folder.equals(f.path("id").asString()))
                || store.folder(org, folder).isPresent();
        if (!known) {
            throw ShopWatchException.invalid(
                    "dashboard " + id + ": folder " + folder + " is neither in the import nor" + " in the org");
        }
    }

    private void writeFolder(String org, StateImportPlan.Action action) {
        JsonNode item = action.item();
        Instant now = clock.instant();
        Folder folder = new Folder(
                org,
                action.id(),
                item.path("name").asString(action.id()),
                item.path("description").asString(""),
                now,
                now);
        if (action.kind() == StateImportPlan.Kind.CREATE) {
            store.insertFolder(folder);
        } else {
            store.updateFolder(folder);
        }
    }

    private void writeDashboard(String org, StateImportPlan.Action action) {
        JsonNode item = action.item();
        // the document exactly as exported (its own dashboardId included, as the API stored it)
        JsonNode document = item.get("document");
        String folder = text(item, "folder_id") == null ? Folder.DEFAULT_ID : text(item, "folder_id");
        String managedBy = text(item, "managed_by");
        if (managedBy != null) {
            // a pack or provisioning run may have put its own copy under another id since the backup
            store.findManaged(org, managedBy)
                    .filter(d -> !d.dashboardId().equals(action.id()))
                    .ifPresent(d -> store.delete(org, d.dashboardId(), null));
        }
        Instant now = clock.instant();
        StoredDashboard current = store.get(org, action.id()).orElse(null);
        long revision = current == null ? 1 : current.revision() + 1;
        StoredDashboard next = new StoredDashboard(
                org,
                action.id(),
                folder,
                Dashboards.title(document),
                Dashboards.description(document),
                document,
                revision,
                Ids.hash(revision, folder, document),
                managedBy,
                text(item, "managed_rev"),
                current == null ? now : current.createdAt(),
                now);
        if (current == null) {
            store.insert(next);
        } else if (!store.replace(next, current.hash())) {
            throw ShopWatchException.conflict("dashboard " + action.id() + " changed during the import");
        }
    }

    private static JsonNode item(Folder folder) {
        ObjectNode item = Dashboards.JSON.createObjectNode();
        item.put("id", folder.folderId());
        item.put("name", folder.name());
        item.put("description", folder.description());
        return item;
    }

    private static JsonNode item(StoredDashboard dashboard) {
        ObjectNode item = Dashboards.JSON.createObjectNode();
        item.put("id", dashboard.dashboardId());
        item.put("folder_id", dashboard.folderId());
        item.put("managed_by", dashboard.managedBy());
        item.put("managed_rev", dashboard.managedRevision());
        item.set("document", dashboard.document());
        return item;
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
