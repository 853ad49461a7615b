package io.shopwatch.backup.stream;

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
import io.shopwatch.common.openobserve.IngestResult;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.StreamInfo;
import io.shopwatch.common.openobserve.StreamType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Re-ingests a backup set's stream data through OpenObserve's {@code _json} API, into the same or other stream names.
 *
 * <p>Before anything is written the whole plan is checked: the manifest's own hash and the catalog's; that every
 * target stream is empty (unless {@code ifExists=append}); that every record lies inside OpenObserve's ingestion window
 * (unless {@code timestamps=shift}). A refusal names the options. Each file is downloaded and its SHA-256 checked
 * before its records are sent; OpenObserve's per-record answer is read and any refused record fails the job with the
 * count and the reason — nothing is dropped silently. A dry run reads and checks every file and reports the plan.
 */
public class StreamRestoreHandler implements JobHandler {

    /** Where the original {@code _timestamp} goes when timestamps are shifted. */
    public static final String ORIGINAL_TIMESTAMP = "original_timestamp";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** Tuning of the restore. */
    public record Settings(IngestionWindow window, int batchSize, Path workDir, FileCipher cipher) {}

    private final OpenObserveClient openObserve;
    private final BackupTargets targets;
    private final BackupSetRepository sets;
    private final ObjectMapper json;
    private final Clock clock;
    private final Settings settings;

    public StreamRestoreHandler(
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
        return JobKind.RESTORE_STREAMS;
    }

    /** One backup stream's part of the plan. */
    private static final class StreamPlan {
        final String from;
        final String to;
        final String type;
        final List<FileEntry> files = new ArrayList<>();
        long records;
        long filesOutside;
        long recordsOutside;
        long oldest = Long.MAX_VALUE;
        long targetRecords;
        boolean targetExists;
        long written;

        StreamPlan(String from, String to, String type) {
            this.from = from;
            this.to = to;
            this.type = type;
        }

        Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", from);
            m.put("to", to);
            m.put("type", type);
            m.put("files", files.size());
            m.put("records", records);
            m.put("files_outside_window", filesOutside);
            m.put("records_outside_window", recordsOutside);
            m.put("target_exists", targetExists);
            m.put("target_records", targetRecords);
            m.put("written", written);
            return m;
        }
    }

    @Override
    public String run(Job job, JobContext context) throws Exception {
        RestoreRequest request = json.readValue(job.request(), RestoreRequest.class);
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
        OpenObserveClient client = openObserve.forOrg(job.org());
        Instant now = clock.instant();
        long oldestAccepted = settings.window().oldestAccepted(now);
        long newestAccepted = settings.window().newestAccepted(now);
        boolean shift = RestoreRequest.SHIFT.equals(request.timestamps());

        Map<String, StreamPlan> plans = new LinkedHashMap<>();
        for (Manifest.StreamEntry stream : manifest.streams()) {
            String to = request.streams().isEmpty()
                    ? stream.name()
                    : request.streams().get(stream.name());
            if (to != null) {
                plans.put(stream.name(), new StreamPlan(stream.name(), to, stream.type()));
            }
        }
        for (String from : request.streams().keySet()) {
            if (!plans.containsKey(from)) {
                throw new IllegalArgumentException("backup " + set.id() + " holds no stream " + from);
            }
        }
        for (FileEntry file : manifest.files()) {
            StreamPlan plan = plans.get(file.stream());
            if (plan != null) {
                plan.files.add(file);
                plan.records += file.records();
                plan.oldest = Math.min(plan.oldest, file.minTimestamp());
                if (file.minTimestamp() < oldestAccepted || file.maxTimestamp() > newestAccepted) {
                    plan.filesOutside++;
                }
            }
        }
        List<String> refusals = new ArrayList<>();
        for (StreamPlan plan : plans.values()) {
            Optional<StreamInfo> existing = client.stream(plan.to, StreamType.parse(plan.type));
            plan.targetExists = existing.isPresent();
            plan.targetRecords = existing.map(
                            s -> s.stats() == null ? 0 : s.stats().docNum())
                    .orElse(0L);
            if (plan.targetRecords > 0 && !RestoreRequest.APPEND.equals(request.ifExists())) {
                refusals.add("target stream " + plan.to + " already holds " + plan.targetRecords + " records:"
                        + " restore into another name ({\"streams\": {\"" + plan.from + "\": \"" + plan.from
                        + "_restored\"}}) or set \"ifExists\": \"append\" (records present in both are then stored"
                        + " twice)");
            }
            if (!shift && plan.filesOutside > 0) {
                refusals.add(windowRefusal(plan, now));
            }
        }

        long totalRecords = plans.values().stream().mapToLong(p -> p.records).sum();
        long records = 0;
        long bytes = 0;
        long began = clock.millis();
        if (!refusals.isEmpty() && !request.dryRun()) {
            throw new JobFailedException(String.join("; ", refusals), result(request, plans, refusals, now));
        }
        Files.createDirectories(settings.workDir());
        long restoreTime = IngestionWindow.micros(now);
        for (StreamPlan plan : plans.values()) {
            for (FileEntry file : plan.files) {
                String slice = plan.from + " → " + plan.to + " " + file.path();
                context.checkpoint(StreamBackupHandler.progress(
                        records, Math.max(1, totalRecords), bytes, records, slice, began, clock.millis()));
                Path temp = download(target, set.id(), file);
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(
                                settings.cipher().open(manifest.encryption(), Files.newInputStream(temp)), 64 * 1024),
                        StandardCharsets.UTF_8))) {
                    List<Map<String, Object>> batch = new ArrayList<>(settings.batchSize());
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.isEmpty()) {
                            continue;
                        }
                        Map<String, Object> record = json.readValue(line, MAP);
                        long ts = record.get("_timestamp") instanceof Number n ? n.longValue() : 0;
                        if (ts < oldestAccepted || ts > newestAccepted) {
                            plan.recordsOutside++;
                        }
                        if (shift) {
                            record.put(ORIGINAL_TIMESTAMP, ts);
                            record.put("_timestamp", restoreTime);
                        }
                        records++;
                        if (request.dryRun()) {
                            continue;
                        }
                        batch.add(record);
                        if (batch.size() >= settings.batchSize()) {
                            plan.written += send(client, plan, batch);
                            context.checkpoint(StreamBackupHandler.progress(
                                    records, Math.max(1, totalRecords), bytes, records, slice, began, clock.millis()));
                        }
                    }
                    if (!batch.isEmpty()) {
                        plan.written += send(client, plan, batch);
                    }
                    bytes += file.bytes();
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        }
        if (request.dryRun()) {
            refusals.clear();
            for (StreamPlan plan : plans.values()) {
                if (plan.targetRecords > 0 && !RestoreRequest.APPEND.equals(request.ifExists())) {
                    refusals.add("target stream " + plan.to + " already holds " + plan.targetRecords + " records");
                }
                if (!shift && plan.recordsOutside > 0) {
                    refusals.add(windowRefusal(plan, now));
                }
            }
        }
        context.checkpoint(new JobProgress(100, bytes, records, null, 0L));
        return result(request, plans, refusals, now);
    }

    private String windowRefusal(StreamPlan plan, Instant now) {
        String counted = plan.recordsOutside > 0
                ? plan.recordsOutside + " records"
                : "records in " + plan.filesOutside + " file(s)";
        long hours = settings.window().hoursNeededFor(plan.oldest, now);
        return plan.from + ": " + counted + " outside OpenObserve's ingestion window (records older than "
                + settings.window().allowedUpto().toHours() + " h are refused; the oldest is "
                + Instant.ofEpochSecond(0, plan.oldest * 1000) + "). Options: (1) raise ZO_INGEST_ALLOWED_UPTO on"
                + " OpenObserve to at least " + hours + " and SHOPWATCH_BACKUP_INGEST_ALLOWED_UPTO to " + hours
                + "h, restart both, restore, then set them back; (2) restore into a separate OpenObserve instance"
                + " started with that window; (3) restore with \"timestamps\": \"shift\": every record is stored"
                + " at the restore's time and keeps its own in " + ORIGINAL_TIMESTAMP + " (best into another"
                + " stream name)";
    }

    private long send(OpenObserveClient client, StreamPlan plan, List<Map<String, Object>> batch) {
        IngestResult answer = client.ingest(plan.to, batch);
        if (answer.hasFailures()) {
            throw new IllegalStateException("OpenObserve refused " + answer.failed() + " of " + batch.size()
                    + " records for " + plan.to + " (" + answer.firstError().orElse("no reason given") + "); "
                    + plan.written + " records of this stream were written before");
        }
        long written = answer.successful();
        batch.clear();
        return written;
    }

    /** Copies a file to the work directory and checks its SHA-256 before anything in it is used. */
    private Path download(BackupTarget target, String backupId, FileEntry file) throws IOException {
        Path temp = Files.createTempFile(settings.workDir(), "restore-", ".ndjson.gz");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(target.open(backupId + "/" + file.path()), sha);
                OutputStream out = Files.newOutputStream(temp)) {
            in.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        String hash = HexFormat.of().formatHex(sha.digest());
        if (!hash.equals(file.sha256())) {
            Files.deleteIfExists(temp);
            throw new IOException(file.path() + " is corrupt: SHA-256 " + hash + ", manifest says " + file.sha256()
                    + "; nothing of it was restored");
        }
        return temp;
    }

    private String result(RestoreRequest request, Map<String, StreamPlan> plans, List<String> refusals, Instant now) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dry_run", request.dryRun());
        result.put("timestamps", request.timestamps());
        result.put("if_exists", request.ifExists());
        result.put(
                "window_oldest_accepted",
                Instant.ofEpochSecond(0, settings.window().oldestAccepted(now) * 1000)
                        .toString());
        result.put("streams", plans.values().stream().map(StreamPlan::summary).toList());
        result.put("refusals", refusals);
        return json.writeValueAsString(result);
    }
}
