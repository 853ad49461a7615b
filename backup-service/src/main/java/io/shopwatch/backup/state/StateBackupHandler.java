package io.shopwatch.backup.state;

import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.job.JobContext;
import io.shopwatch.backup.job.JobHandler;
import io.shopwatch.backup.job.JobKind;
import io.shopwatch.backup.job.JobProgress;
import io.shopwatch.backup.set.BackupSet;
import io.shopwatch.backup.set.BackupSetRepository;
import io.shopwatch.backup.set.FileCheck;
import io.shopwatch.backup.set.FileCipher;
import io.shopwatch.backup.set.Manifest;
import io.shopwatch.backup.set.Manifest.FileEntry;
import io.shopwatch.backup.set.Manifest.StreamEntry;
import io.shopwatch.backup.set.ManifestCodec;
import io.shopwatch.backup.target.BackupTarget;
import io.shopwatch.backup.target.BackupTargets;
import io.shopwatch.common.state.StateClient;
import io.shopwatch.common.state.StateDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * Exports the org's platform state from each service's state API into a backup set: per service one file
 * ({@link StateFiles}), uploaded and read back, then the manifest (kind {@code state}) written last, and only then the
 * set catalogued — the same rules as a stream backup. A service that does not answer fails the job: a state set holds
 * every service it names or does not exist.
 */
public class StateBackupHandler implements JobHandler {

    private final StateServices services;
    private final BackupTargets targets;
    private final BackupSetRepository sets;
    private final ObjectMapper json;
    private final Clock clock;
    private final Path workDir;
    private final FileCipher cipher;

    public StateBackupHandler(
            StateServices services,
            BackupTargets targets,
            BackupSetRepository sets,
            ObjectMapper json,
            Clock clock,
            Path workDir,
            FileCipher cipher) {
        this.cipher = cipher;
        this.services = services;
        this.targets = targets;
        this.sets = sets;
        this.json = json;
        this.clock = clock;
        this.workDir = workDir;
    }

    @Override
    public JobKind kind() {
        return JobKind.BACKUP_STATE;
    }

    @Override
    public String run(Job job, JobContext context) throws Exception {
        StateBackupRequest request = json.readValue(job.request(), StateBackupRequest.class);
        BackupTarget target = targets.get(request.target());
        String id = job.backupId();
        target.deletePrefix(id + "/");
        Files.createDirectories(workDir);
        List<FileEntry> files = new ArrayList<>();
        List<StreamEntry> entries = new ArrayList<>();
        long records = 0;
        long bytes = 0;
        int done = 0;
        for (String service : request.services()) {
            context.checkpoint(new JobProgress(
                    Math.min(99.9, 100.0 * done / request.services().size()), bytes, records, service, null));
            StateClient client = services.client(service)
                    .orElseThrow(() -> new IllegalStateException("no state API configured for " + service));
            StateDocument document = client.export(job.org(), request.full());
            if (!service.equals(document.service())) {
                throw new IOException(
                        client.stateUrl() + " exported the state of " + document.service() + ", not " + service);
            }
            Path temp = Files.createTempFile(workDir, "state-", ".ndjson.gz");
            try {
                StateFiles.Written written = StateFiles.write(document, temp, json, cipher, workDir);
                FileEntry entry = written.entry();
                try {
                    target.put(id + "/" + entry.path(), written.upload());
                } finally {
                    if (!written.upload().equals(temp)) {
                        Files.deleteIfExists(written.upload());
                    }
                }
                String problem = FileCheck.check(target, id, entry, true, cipher, cipher.label());
                if (problem != null) {
                    throw new IOException("verify after write failed: " + problem);
                }
                files.add(entry);
                entries.add(new StreamEntry(service, StateFiles.TYPE, entry.records(), 1));
                records += entry.records();
                bytes += entry.bytes();
            } finally {
                Files.deleteIfExists(temp);
            }
            done++;
        }
        Instant finished = clock.instant();
        Manifest manifest = new Manifest(
                Manifest.FORMAT,
                id,
                "state",
                job.org(),
                finished.toString(),
                "shopwatch-backup-service",
                null,
                null,
                entries,
                files,
                null,
                cipher.label());
        String manifestSha = ManifestCodec.writeChecked(target, manifest, workDir);
        sets.save(new BackupSet(
                id,
                job.org(),
                "state",
                target.name(),
                null,
                null,
                request.services(),
                files.size(),
                records,
                bytes,
                manifestSha,
                BackupSet.VERIFIED,
                finished,
                clock.instant(),
                "verified after write",
                null));
        context.checkpoint(new JobProgress(100, bytes, records, null, 0L));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backup_id", id);
        result.put("services", request.services());
        result.put("items", records);
        result.put("bytes", bytes);
        result.put("manifest_sha256", manifestSha);
        return json.writeValueAsString(result);
    }
}
