package io.shopwatch.backup.operation;

import io.shopwatch.backup.job.Job;
import io.shopwatch.backup.job.JobKind;
import io.shopwatch.backup.job.JobRepository;
import io.shopwatch.backup.job.JobWorker;
import io.shopwatch.backup.retention.RetentionPolicy;
import io.shopwatch.backup.set.BackupSet;
import io.shopwatch.backup.set.BackupSetRepository;
import io.shopwatch.backup.set.VerifyRequest;
import io.shopwatch.backup.state.StateBackupRequest;
import io.shopwatch.backup.state.StateRestoreRequest;
import io.shopwatch.backup.state.StateServices;
import io.shopwatch.backup.stream.RestoreRequest;
import io.shopwatch.backup.stream.StreamBackupRequest;
import io.shopwatch.backup.target.BackupTargets;
import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.OpenObserveNames;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.common.state.ConflictPolicy;
import io.shopwatch.common.web.ShopWatchException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.databind.ObjectMapper;

/**
 * What the API asks for, checked and turned into queued jobs: the requests are validated here (stream names, ranges,
 * targets, modes), so that a job only fails for reasons found while it runs.
 */
public class BackupOperations {

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Limits on requests. */
    public record Limits(Duration defaultSlice, Duration maxRange, long maxSlices) {}

    private final JobRepository jobs;
    private final BackupSetRepository sets;
    private final BackupTargets targets;
    private final OpenObserveClient openObserve;
    private final JobWorker worker;
    private final ObjectMapper json;
    private final Clock clock;
    private final Limits limits;
    private final StateServices stateServices;
    private final boolean encrypted;

    public BackupOperations(
            JobRepository jobs,
            BackupSetRepository sets,
            BackupTargets targets,
            OpenObserveClient openObserve,
            JobWorker worker,
            ObjectMapper json,
            Clock clock,
            Limits limits,
            StateServices stateServices) {
        this(jobs, sets, targets, openObserve, worker, json, clock, limits, stateServices, false);
    }

    /** @param encrypted whether new sets are encrypted at rest (a full state backup needs it) */
    public BackupOperations(
            JobRepository jobs,
            BackupSetRepository sets,
            BackupTargets targets,
            OpenObserveClient openObserve,
            JobWorker worker,
            ObjectMapper json,
            Clock clock,
            Limits limits,
            StateServices stateServices,
            boolean encrypted) {
        this.jobs = jobs;
        this.sets = sets;
        this.targets = targets;
        this.openObserve = openObserve;
        this.worker = worker;
        this.json = json;
        this.clock = clock;
        this.limits = limits;
        this.stateServices = stateServices;
        this.encrypted = encrypted;
    }

    /** Queues a stream backup of {@code org}. */
    public Job backupStreams(
            String org,
            List<String> streams,
            String type,
            Instant start,
            Instant end,
            String target,
            Duration slice,
            boolean incremental) {
        if (streams == null || streams.isEmpty()) {
            throw ShopWatchException.invalid("streams: name at least one stream");
        }
        StreamType streamType;
        try {
            streamType = StreamType.parse(type == null || type.isBlank() ? "logs" : type);
        } catch (IllegalArgumentException e) {
            throw ShopWatchException.invalid("streamType: " + e.getMessage());
        }
        Instant to = end == null ? clock.instant() : end;
        Instant from = start == null ? to.minus(Duration.ofDays(1)) : start;
        if (!from.isBefore(to)) {
            throw ShopWatchException.invalid("start must be before end");
        }
        if (Duration.between(from, to).compareTo(limits.maxRange()) > 0) {
            throw ShopWatchException.invalid(
                    "the range is longer than " + limits.maxRange().toDays() + " days");
        }
        Duration sliceLength = slice == null ? limits.defaultSlice() : slice;
        if (sliceLength.toNanos() < 1000) {
            throw ShopWatchException.invalid("slice must be at least one microsecond");
        }
        long sliceMicros = sliceLength.toNanos() / 1000;
        long startMicros = micros(from);
        long endMicros = micros(to);
        long slices = (endMicros - startMicros + sliceMicros - 1) / sliceMicros * streams.size();
        if (slices > limits.maxSlices()) {
            throw ShopWatchException.invalid(
                    "the request makes " + slices + " slices, more than " + limits.maxSlices() + ": use longer slices");
        }
        String targetName = targets.get(target).name();
        OpenObserveClient client = openObserve.forOrg(org);
        Set<String> names = new LinkedHashSet<>();
        for (String stream : streams) {
            String name = OpenObserveNames.streamName(stream == null ? "" : stream);
            if (name.isEmpty()) {
                throw ShopWatchException.invalid("streams: empty stream name");
            }
            if (client.stream(name, streamType).isEmpty()) {
                throw ShopWatchException.notFound("stream", name);
            }
            names.add(name);
        }
        String parent = null;
        if (incremental) {
            List<String> sorted = names.stream().sorted().toList();
            java.util.Optional<BackupSet> previous = sets.list(org, false, 10_000).stream()
                    .filter(s -> "streams".equals(s.kind()) && s.end() != null)
                    .filter(s -> s.streams().stream().sorted().toList().equals(sorted))
                    .max(java.util.Comparator.comparing(BackupSet::end));
            if (previous.isPresent()) {
                parent = previous.get().id();
                startMicros = previous.get().end();
                if (startMicros >= endMicros) {
                    throw ShopWatchException.invalid(
                            "nothing to back up: " + parent + " already covers the range up to " + to);
                }
                if ((endMicros - startMicros) / sliceMicros * names.size() > limits.maxSlices()) {
                    throw ShopWatchException.invalid(
                            "the range since " + parent + " makes too many slices: use" + " longer slices");
                }
            }
        }
        String backupId = "bk-" + ID_TIME.format(clock.instant()) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        StreamBackupRequest request = new StreamBackupRequest(
                new ArrayList<>(names), streamType.value(), startMicros, endMicros, targetName, sliceMicros, parent);
        return enqueue(org, JobKind.BACKUP_STREAMS, backupId, request);
    }

    /** Queues a platform-state backup of {@code org}: the named services, or every configured one. */
    public Job backupState(String org, List<String> services, String target) {
        return backupState(org, services, target, false);
    }

    /**
     * Queues a platform-state backup; {@code full} also asks the services for the secrets they leave out by default
     * (password and API-key hashes), refused (400) unless the set's files are encrypted at rest.
     */
    public Job backupState(String org, List<String> services, String target, boolean full) {
        if (full && !encrypted) {
            throw ShopWatchException.invalid("full: a full state backup holds password and API-key hashes; set"
                    + " SHOPWATCH_BACKUP_ENCRYPTION_KEY (base64 of 32 random bytes) so that backups are encrypted at"
                    + " rest first");
        }
        List<String> names;
        if (services == null || services.isEmpty()) {
            names = stateServices.names();
            if (names.isEmpty()) {
                throw ShopWatchException.invalid("no service's state API is configured (SHOPWATCH_BACKUP_STATE_*_URL)");
            }
        } else {
            names = services.stream().distinct().sorted().toList();
            for (String name : names) {
                if (stateServices.client(name).isEmpty()) {
                    throw ShopWatchException.invalid(
                            "services: " + name + " is not one of " + String.join(", ", stateServices.names()));
                }
            }
        }
        String targetName = targets.get(target).name();
        String backupId = "st-" + ID_TIME.format(clock.instant()) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        return enqueue(org, JobKind.BACKUP_STATE, backupId, new StateBackupRequest(names, targetName, full));
    }

    /** Queues a restore of a restorable state set. */
    public Job restoreState(String org, String backupId, List<String> services, String conflicts, boolean dryRun) {
        BackupSet set = set(org, backupId);
        if (!"state".equals(set.kind())) {
            throw ShopWatchException.invalid("backup " + backupId + " holds streams: restore it with streams");
        }
        if (!set.restorable()) {
            throw ShopWatchException.conflict(
                    "backup " + backupId + " is " + set.status() + ", not restorable: " + set.verifyDetail());
        }
        ConflictPolicy policy;
        try {
            policy = ConflictPolicy.parse(conflicts);
        } catch (IllegalArgumentException e) {
            throw ShopWatchException.invalid(e.getMessage());
        }
        List<String> names =
                services == null ? List.of() : services.stream().distinct().toList();
        for (String name : names) {
            if (!set.streams().contains(name)) {
                throw ShopWatchException.invalid("services: backup " + backupId + " holds no state of " + name);
            }
        }
        return enqueue(org, JobKind.RESTORE_STATE, backupId, new StateRestoreRequest(names, policy.id(), dryRun));
    }

    /** Queues a restore of a restorable set. */
    public Job restore(
            String org,
            String backupId,
            Map<String, String> streams,
            boolean dryRun,
            String timestamps,
            String ifExists) {
        BackupSet set = set(org, backupId);
        if ("state".equals(set.kind())) {
            throw ShopWatchException.invalid("backup " + backupId + " holds platform state: restore it with services");
        }
        if (!set.restorable()) {
            throw ShopWatchException.conflict(
                    "backup " + backupId + " is " + set.status() + ", not restorable: " + set.verifyDetail());
        }
        RestoreRequest request = new RestoreRequest(normalise(streams, set), dryRun, timestamps, ifExists);
        if (!Set.of(RestoreRequest.REFUSE, RestoreRequest.SHIFT).contains(request.timestamps())) {
            throw ShopWatchException.invalid("timestamps: refuse or shift");
        }
        if (!Set.of(RestoreRequest.FAIL, RestoreRequest.APPEND).contains(request.ifExists())) {
            throw ShopWatchException.invalid("ifExists: fail or append");
        }
        return enqueue(org, JobKind.RESTORE_STREAMS, backupId, request);
    }

    private static Map<String, String> normalise(Map<String, String> streams, BackupSet set) {
        if (streams == null) {
            return Map.of();
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        streams.forEach((from, to) -> {
            String f = OpenObserveNames.streamName(from == null ? "" : from);
            String t = OpenObserveNames.streamName(to == null ? "" : to);
            if (!set.streams().contains(f)) {
                throw ShopWatchException.invalid("streams: backup " + set.id() + " holds no stream " + from);
            }
            if (t.isEmpty()) {
                throw ShopWatchException.invalid("streams: empty target name for " + from);
            }
            out.put(f, t);
        });
        return out;
    }

    /** Queues a verify of a set. */
    public Job verify(String org, String backupId, String mode) {
        set(org, backupId);
        VerifyRequest request = new VerifyRequest(mode);
        if (!Set.of(VerifyRequest.QUICK, VerifyRequest.FULL).contains(request.mode())) {
            throw ShopWatchException.invalid("mode: quick or full");
        }
        return enqueue(org, JobKind.VERIFY, backupId, request);
    }

    public BackupSet set(String org, String backupId) {
        return sets.find(org, backupId).orElseThrow(() -> ShopWatchException.notFound("backup", backupId));
    }

    public List<BackupSet> sets(String org, boolean all, int limit) {
        return sets.list(org, all, limit);
    }

    public Job job(String org, String id) {
        return jobs.find(org, id).orElseThrow(() -> ShopWatchException.notFound("job", id));
    }

    public List<Job> jobs(String org, int limit) {
        return jobs.list(org, limit);
    }

    public Job cancel(String org, String id) {
        return jobs.requestCancel(org, id).orElseThrow(() -> ShopWatchException.notFound("job", id));
    }

    /** The outcome of applying a retention policy. */
    public record RetentionOutcome(List<RetentionPolicy.Decision> decisions, List<String> deleted, boolean dryRun) {}

    /**
     * Applies a retention policy to the org's sets (every set, grouped by kind and streams, days in UTC). Without
     * {@code dryRun} the sets no rule keeps are removed from the catalog first (so nothing lists or restores them any
     * more) and then their files are deleted from the target; a failure in between leaves files without a catalog
     * entry, never a listed set without files.
     */
    public RetentionOutcome retention(String org, RetentionPolicy policy, boolean dryRun) throws IOException {
        List<BackupSet> all = sets.list(org, true, 100_000);
        return retention(org, all, s -> s.kind() + ":" + String.join(",", s.streams()), policy, ZoneOffset.UTC, dryRun);
    }

    /**
     * Applies a retention policy to the org's sets among {@code ids} (a schedule's sets), as one group, with days,
     * weeks and months counted in {@code zone}; otherwise as {@link #retention(String, RetentionPolicy, boolean)}.
     */
    public RetentionOutcome retention(
            String org, Collection<String> ids, RetentionPolicy policy, ZoneId zone, boolean dryRun)
            throws IOException {
        Set<String> wanted = new HashSet<>(ids);
        List<BackupSet> chosen = sets.list(org, true, 100_000).stream()
                .filter(s -> wanted.contains(s.id()))
                .toList();
        return retention(org, chosen, s -> "selected", policy, zone, dryRun);
    }

    private RetentionOutcome retention(
            String org,
            List<BackupSet> candidates,
            Function<BackupSet, String> group,
            RetentionPolicy policy,
            ZoneId zone,
            boolean dryRun)
            throws IOException {
        List<RetentionPolicy.Decision> decisions = policy.apply(
                candidates.stream()
                        .map(s -> new RetentionPolicy.Candidate(s.id(), group.apply(s), s.createdAt(), s.restorable()))
                        .toList(),
                zone);
        List<String> deleted = new ArrayList<>();
        if (!dryRun) {
            Map<String, BackupSet> byId = new HashMap<>();
            candidates.forEach(s -> byId.put(s.id(), s));
            for (RetentionPolicy.Decision decision : decisions) {
                if (!decision.keep()) {
                    BackupSet set = byId.get(decision.id());
                    if (sets.delete(org, set.id())) {
                        targets.get(set.target()).deletePrefix(set.id() + "/");
                        deleted.add(set.id());
                    }
                }
            }
        }
        return new RetentionOutcome(decisions, deleted, dryRun);
    }

    private Job enqueue(String org, JobKind kind, String backupId, Object request) {
        Job job = jobs.enqueue(org, kind, backupId, json.writeValueAsString(request));
        worker.wake();
        return job;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
