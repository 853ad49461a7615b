package io.shopwatch.backup.set;

import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.job.JobContext;
import io.shopwatch.backup.job.JobFailedException;
import io.shopwatch.backup.job.JobHandler;
import io.shopwatch.backup.job.JobKind;
import io.shopwatch.backup.job.JobProgress;
import io.shopwatch.backup.target.BackupTarget;
import io.shopwatch.backup.target.BackupTargets;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * Checks a set against its manifest (see {@link VerifyRequest} for the two depths) and records the outcome in the
 * catalog: a set with any problem becomes {@code corrupt} and is no longer offered for restore; a clean verify makes it
 * {@code verified} again. The job fails when problems are found, with every problem in its result.
 */
public class VerifyHandler implements JobHandler {

    private final BackupTargets targets;
    private final BackupSetRepository sets;
    private final ObjectMapper json;
    private final Clock clock;
    private final FileCipher cipher;

    public VerifyHandler(
            BackupTargets targets, BackupSetRepository sets, ObjectMapper json, Clock clock, FileCipher cipher) {
        this.cipher = cipher;
        this.targets = targets;
        this.sets = sets;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public JobKind kind() {
        return JobKind.VERIFY;
    }

    @Override
    public String run(Job job, JobContext context) throws Exception {
        VerifyRequest request = json.readValue(job.request(), VerifyRequest.class);
        BackupSet set = sets.find(job.org(), job.backupId())
                .orElseThrow(() -> new IllegalStateException("no backup " + job.backupId()));
        BackupTarget target = targets.get(set.target());
        List<String> problems = new ArrayList<>();
        Manifest manifest = null;
        try (InputStream in = target.open(Manifest.key(set.id()))) {
            manifest = ManifestCodec.read(in);
            if (!ManifestCodec.hash(manifest).equals(set.manifestSha256())) {
                problems.add(Manifest.FILE + ": differs from the manifest catalogued when the set was written");
            }
        } catch (java.nio.file.NoSuchFileException e) {
            problems.add(Manifest.FILE + ": missing");
        } catch (IOException e) {
            problems.add(Manifest.FILE + ": " + e.getMessage());
        }
        long checked = 0;
        long bytes = 0;
        if (manifest != null) {
            int total = manifest.files().size();
            for (Manifest.FileEntry file : manifest.files()) {
                context.checkpoint(new JobProgress(
                        total == 0 ? 0 : Math.min(99.9, 100.0 * checked / total), bytes, 0, file.path(), null));
                String problem = FileCheck.check(target, set.id(), file, request.full(), cipher, manifest.encryption());
                if (problem != null) {
                    problems.add(problem);
                }
                checked++;
                bytes += file.bytes();
            }
        }
        String status = problems.isEmpty() ? BackupSet.VERIFIED : BackupSet.CORRUPT;
        String detail = request.mode() + " verify: "
                + (problems.isEmpty()
                        ? "no problems"
                        : problems.size() + " problem(s): " + String.join("; ", problems));
        sets.markVerified(set.id(), status, clock.instant(), detail);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", request.mode());
        result.put("status", status);
        result.put("files_checked", checked);
        result.put("bytes_checked", bytes);
        result.put("problems", problems);
        String summary = json.writeValueAsString(result);
        if (!problems.isEmpty()) {
            throw new JobFailedException(detail, summary);
        }
        context.checkpoint(new JobProgress(100, bytes, 0, null, 0L));
        return summary;
    }
}
