package io.shopwatch.backup.state;

import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.job.JobContext;
import io.shopwatch.backup.job.JobFailedException;
import io.shopwatch.backup.job.JobHandler;
import io.shopwatch.backup.job.JobKind;
import io.shopwatch.backup.job.JobProgress;
import io.shopwatch.backup.set.BackupSet;
import io.shopwatch.backup.set.BackupSetRepository;
import io.shopwatch.backup.set.FileCipher;
import io.shopwatch.backup.set.Manifest;
import io.shopwatch.backup.set.Manifest.FileEntry;
import io.shopwatch.backup.set.ManifestCodec;
import io.shopwatch.backup.target.BackupTarget;
import io.shopwatch.backup.target.BackupTargets;
import io.shopwatch.common.state.ConflictPolicy;
import io.shopwatch.common.state.StateClient;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportResult;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * Imports a state set back through each service's state API, into the job's org. Every file is read and its SHA-256
 * checked first, and every service is asked for a dry run of its import: under {@code conflicts=fail} a conflict in any
 * service fails the job before any service writes anything. A dry-run restore stops there and reports each service's
 * plan. Then each service imports its state with the policy, in the set's order.
 */
public class StateRestoreHandler implements JobHandler {

    private final StateServices services;
    private final BackupTargets targets;
    private final BackupSetRepository sets;
    private final ObjectMapper json;
    private final Clock clock;
    private final FileCipher cipher;

    public StateRestoreHandler(
            StateServices services,
            BackupTargets targets,
            BackupSetRepository sets,
            ObjectMapper json,
            Clock clock,
            FileCipher cipher) {
        this.cipher = cipher;
        this.services = services;
        this.targets = targets;
        this.sets = sets;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public JobKind kind() {
        return JobKind.RESTORE_STATE;
    }

    @Override
    public String run(Job job, JobContext context) throws Exception {
        StateRestoreRequest request = json.readValue(job.request(), StateRestoreRequest.class);
        ConflictPolicy policy = ConflictPolicy.parse(request.conflicts());
        BackupSet set = sets.find(job.org(), job.backupId())
                .filter(BackupSet::restorable)
                .orElseThrow(() -> new IllegalStateException("backup " + job.backupId() + " is not restorable"));
        BackupTarget target = targets.get(set.target());
        Manifest manifest;
        try (InputStream in = target.open(Manifest.key(set.id()))) {
            manifest = ManifestCodec.read(in);
        }
        if (!ManifestCodec.hash(manifest).equals(set.manifestSha256())) {
            throw new IllegalStateException("the manifest of " + set.id() + " differs from the one catalogued");
        }
        Instant now = clock.instant();
        Map<String, StateDocument> documents = new LinkedHashMap<>();
        long items = 0;
        for (FileEntry file : manifest.files()) {
            if (!request.services().isEmpty() && !request.services().contains(file.stream())) {
                continue;
            }
            byte[] stored;
            try (InputStream in = target.open(set.id() + "/" + file.path())) {
                stored = in.readAllBytes();
            }
            documents.put(
                    file.stream(), StateFiles.read(stored, file, job.org(), now, json, cipher, manifest.encryption()));
            items += file.records();
        }
        for (String service : request.services()) {
            if (!documents.containsKey(service)) {
                throw new IllegalArgumentException("backup " + set.id() + " holds no state of " + service);
            }
        }

        Map<String, StateImportResult> plans = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, StateDocument> entry : documents.entrySet()) {
            context.checkpoint(new JobProgress(10, 0, 0, "plan " + entry.getKey(), null));
            StateImportResult plan = client(entry.getKey()).importState(job.org(), entry.getValue(), policy, true);
            plans.put(entry.getKey(), plan);
            if (plan.refused()) {
                refused.add(entry.getKey() + ": " + plan.conflicts().size() + " conflict(s)");
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dry_run", request.dryRun());
        result.put("conflicts", policy.id());
        result.put("items", items);
        if (!refused.isEmpty()) {
            result.put("services", plans);
            throw new JobFailedException(
                    "nothing restored: items exist with other content and conflicts=fail (" + String.join("; ", refused)
                            + "); restore with conflicts=skip or overwrite, or into an empty org",
                    json.writeValueAsString(result));
        }
        if (request.dryRun()) {
            result.put("services", plans);
            return json.writeValueAsString(result);
        }
        Map<String, StateImportResult> done = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, StateDocument> entry : documents.entrySet()) {
            context.checkpoint(new JobProgress(
                    Math.min(99.9, 10 + 90.0 * n / documents.size()), 0, 0, "import " + entry.getKey(), null));
            done.put(entry.getKey(), client(entry.getKey()).importState(job.org(), entry.getValue(), policy, false));
            n++;
        }
        context.checkpoint(new JobProgress(100, 0, items, null, 0L));
        result.put("services", done);
        return json.writeValueAsString(result);
    }

    private StateClient client(String service) {
        return services.client(service)
                .orElseThrow(() -> new IllegalStateException(
                        "no state API configured for " + service + ": set its URL to restore it"));
    }
}
