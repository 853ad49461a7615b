package io.shopwatch.dashboard.provision;

import io.shopwatch.dashboard.migrate.DashboardImporter;
import io.shopwatch.dashboard.model.Dashboards;
import io.shopwatch.dashboard.service.DashboardRejectedException;
import io.shopwatch.dashboard.service.DashboardService;
import io.shopwatch.dashboard.store.Folder;
import io.shopwatch.dashboard.store.StoredDashboard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Dashboards as code, with Grafana's file-provisioning semantics: every {@code *.json} file under the directory
 * (OpenObserve v1–v8 or Grafana JSON) is a dashboard of the org, owned by {@code file:<relative path>} and read-only in
 * the API until detached. Files directly in the directory go to the folder {@code default}; a sub-directory is a folder
 * of that name. A reconciliation creates the dashboards of new files, replaces those whose file changed (the file
 * always wins; unchanged files are not written), and deletes those whose file is gone. A file that cannot be read or
 * is not a valid dashboard is skipped with a warning and its dashboard, if any, is kept as it was.
 */
public class DashboardProvisioner {

    private static final Logger log = LoggerFactory.getLogger(DashboardProvisioner.class);
    private static final String PREFIX = "file:";

    /** What one reconciliation did. */
    public record Outcome(int created, int updated, int deleted, int unchanged, Map<String, String> failed) {}

    private final Path dir;
    private final String org;
    private final DashboardService dashboards;

    public DashboardProvisioner(Path dir, String org, DashboardService dashboards) {
        this.dir = dir;
        this.org = org;
        this.dashboards = dashboards;
    }

    /** Brings the org's provisioned dashboards in line with the directory. */
    public synchronized Outcome reconcile() {
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        int deleted = 0;
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, Path> files = files();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            String managedBy = PREFIX + file.getKey();
            try {
                byte[] bytes = Files.readAllBytes(file.getValue());
                String digest = sha256(bytes);
                JsonNode document = DashboardImporter.toV8(
                                Dashboards.JSON.readTree(bytes), DashboardImporter.Format.AUTO)
                        .dashboard();
                String folderId = folder(file.getKey());
                boolean existed = dashboards.findManaged(org, managedBy).isPresent();
                if (dashboards
                        .putManaged(org, managedBy, digest, folderId, document)
                        .isPresent()) {
                    if (existed) {
                        updated++;
                    } else {
                        created++;
                    }
                } else {
                    unchanged++;
                }
            } catch (DashboardRejectedException e) {
                failed.put(file.getKey(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                failed.put(file.getKey(), e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        for (StoredDashboard d : dashboards.listManaged(PREFIX)) {
            if (d.org().equals(org) && !files.containsKey(d.managedBy().substring(PREFIX.length()))) {
                if (dashboards.deleteManaged(org, d.managedBy())) {
                    deleted++;
                }
            }
        }
        failed.forEach((file, reason) -> log.warn("dashboard file {} skipped: {}", file, reason));
        if (created + updated + deleted > 0) {
            log.info(
                    "provisioned dashboards from {}: {} created, {} updated, {} deleted",
                    dir,
                    created,
                    updated,
                    deleted);
        }
        return new Outcome(created, updated, deleted, unchanged, failed);
    }

    /** {@code *.json} files, by path relative to the directory ({@code /}-separated), one level of folders deep. */
    private Map<String, Path> files() {
        Map<String, Path> files = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            List<Path> paths = walk.filter(Files::isRegularFile)
                    .filter(p ->
                            p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
            for (Path path : paths) {
                files.put(dir.relativize(path).toString().replace('\\', '/'), path);
            }
        } catch (IOException e) {
            log.warn("cannot list dashboard files in {}: {}", dir, e.getMessage());
        }
        return files;
    }

    /** The folder of a file: {@code default} at the top, else the sub-directory (created when missing). */
    private String folder(String relativePath) {
        int slash = relativePath.indexOf('/');
        if (slash < 0) {
            return Folder.DEFAULT_ID;
        }
        String name = relativePath.substring(0, slash);
        String id = "files-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
        dashboards.ensureFolder(org, id, name);
        return id;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
