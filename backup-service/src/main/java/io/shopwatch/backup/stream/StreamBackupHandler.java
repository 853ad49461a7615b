package io.shopwatch.backup.stream;

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
import io.shopwatch.backup.set.NdjsonGzipWriter;
import io.shopwatch.backup.target.BackupTarget;
import io.shopwatch.backup.target.BackupTargets;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.StreamType;
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
 * Exports streams into a backup set: per stream and time slice one gzip NDJSON file (read by {@link SliceReader}),
 * uploaded and read back to check its hash and record count, then the manifest — written last — read back and
 * checked, and only then the set entered in the catalog. A job that dies on the way leaves files without a manifest and
 * no catalog entry: nothing claims to be a complete set. A requeued job starts its set again from a clean prefix.
 */
public class StreamBackupHandler implements JobHandler {

    /** Tuning of the export. */
    public record Settings(int pageSize, int readAttempts, Path workDir, FileCipher cipher) {}

    private final OpenObserveClient openObserve;
    private final BackupTargets targets;
    private final BackupSetRepository sets;
    private final ObjectMapper json;
    private final Clock clock;
    private final Settings settings;

    public StreamBackupHandler(
            OpenObserveClient openObserve,
            BackupTargets targets,
            BackupSetRepository sets,
            ObjectMapper json,
            Clock clock,
            Settings settings) {
        this.openObserve = openObserve;
        this.targets = targets;
        this.sets = sets;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public JobKind kind() {
        return JobKind.BACKUP_STREAMS;
    }

    @Override
    public String run(Job job, JobContext context) throws Exception {
        StreamBackupRequest request = json.readValue(job.request(), StreamBackupRequest.class);
        BackupTarget target = targets.get(request.target());
        StreamType type = StreamType.parse(request.type());
        OpenObserveClient client = openObserve.forOrg(job.org());
        String id = job.backupId();
        // a previous attempt of this job may have left files (never a manifest that is catalogued): start clean
        target.deletePrefix(id + "/");

        long slices =
                Math.max(1, (request.end() - request.start() + request.sliceMicros() - 1) / request.sliceMicros());
        long totalSlices = slices * request.streams().size();
        long done = 0;
        long records = 0;
        long bytes = 0;
        long began = clock.millis();
        List<FileEntry> files = new ArrayList<>();
        List<StreamEntry> streams = new ArrayList<>();
        Files.createDirectories(settings.workDir());
        for (String stream : request.streams()) {
            SliceReader reader = new SliceReader(client, stream, type, settings.pageSize(), settings.readAttempts());
            long streamRecords = 0;
            int streamFiles = 0;
            for (long from = request.start(); from < request.end(); from += request.sliceMicros()) {
                long to = Math.min(request.end(), from + request.sliceMicros());
                String slice = stream + " [" + Instant.ofEpochSecond(0, from * 1000) + ", "
                        + Instant.ofEpochSecond(0, to * 1000) + ")";
                context.checkpoint(progress(done, totalSlices, bytes, records, slice, began, clock.millis()));
                long count = reader.count(from, to);
                done++;
                if (count == 0) {
                    continue;
                }
                String path = "data/" + stream + "/" + from + "-" + to + ".ndjson.gz";
                Path temp = Files.createTempFile(settings.workDir(), "slice-", ".ndjson.gz");
                try {
                    NdjsonGzipWriter writer = new NdjsonGzipWriter(temp, json);
                    try (writer) {
                        reader.read(from, to, count, writer::write);
                    }
                    FileCipher.Stored stored =
                            settings.cipher().store(temp, writer.bytes(), writer.sha256(), settings.workDir());
                    FileEntry entry = new FileEntry(
                            path,
                            stream,
                            type.value(),
                            from,
                            to,
                            writer.minTimestamp(),
                            writer.maxTimestamp(),
                            writer.records(),
                            stored.bytes(),
                            stored.sha256());
                    try {
                        target.put(id + "/" + path, stored.path());
                    } finally {
                        if (!stored.path().equals(temp)) {
                            Files.deleteIfExists(stored.path());
                        }
                    }
                    String problem = FileCheck.check(
                            target,
                            id,
                            entry,
                            true,
                            settings.cipher(),
                            settings.cipher().label());
                    if (problem != null) {
                        throw new IOException("verify after write failed: " + problem);
                    }
                    files.add(entry);
                    streamRecords += entry.records();
                    streamFiles++;
                    records += entry.records();
                    bytes += entry.bytes();
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            streams.add(new StreamEntry(stream, type.value(), streamRecords, streamFiles));
        }

        Instant finished = clock.instant();
        Manifest manifest = new Manifest(
                Manifest.FORMAT,
                id,
                "streams",
                job.org(),
                finished.toString(),
                "shopwatch-backup-service",
                request.start(),
                request.end(),
                streams,
                files,
                request.parent(),
                settings.cipher().label());
        String manifestSha = writeManifest(target, manifest);
        sets.save(new BackupSet(
                id,
                job.org(),
                "streams",
                target.name(),
                request.start(),
                request.end(),
                request.streams(),
                files.size(),
                records,
                bytes,
                manifestSha,
                BackupSet.VERIFIED,
                finished,
                clock.instant(),
                "verified after write",
                request.parent()));
        context.checkpoint(new JobProgress(100, bytes, records, null, 0L));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backup_id", id);
        result.put("files", files.size());
        result.put("records", records);
        result.put("bytes", bytes);
        result.put("manifest_sha256", manifestSha);
        return json.writeValueAsString(result);
    }

    /** Writes the manifest last, reads it back and checks it; returns its hash. */
    String writeManifest(BackupTarget target, Manifest manifest) throws IOException {
        return ManifestCodec.writeChecked(target, manifest, settings.workDir());
    }

    static JobProgress progress(
            long done, long total, long bytes, long records, String slice, long beganMillis, long nowMillis) {
        double percent = total == 0 ? 0 : Math.min(99.9, 100.0 * done / total);
        Long eta = null;
        if (done > 0) {
            long elapsed = nowMillis - beganMillis;
            eta = Math.max(0, elapsed * (total - done) / done / 1000);
        }
        return new JobProgress(percent, bytes, records, slice, eta);
    }
}
