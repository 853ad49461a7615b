package io.shopwatch.config.release;

import io.shopwatch.common.web.ShopWatchException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Drafts, publishing, rollback and diffs of configuration. Every publish makes a new immutable release and moves the
 * target's pointer to it; a rollback moves the pointer to an earlier release and leaves the draft alone. Listeners
 * hear of every move after it committed.
 */
@Service
public class ConfigReleases {

    private static final Logger log = LoggerFactory.getLogger(ConfigReleases.class);

    /** Most releases or history entries listed at once. */
    public static final int LIST_LIMIT = 200;

    private final ConfigStore store;
    private final List<PublishGate> gates;
    private final CandidateCheck candidateCheck;
    private final DraftSealer sealer;
    private final List<ReleaseListener> listeners;
    private final List<ReleaseRecorder> recorders;
    private final Clock clock;

    public ConfigReleases(
            ConfigStore store,
            List<PublishGate> gates,
            org.springframework.beans.factory.ObjectProvider<CandidateCheck> candidateCheck,
            DraftSealer sealer,
            List<ReleaseListener> listeners,
            List<ReleaseRecorder> recorders,
            Clock clock) {
        this.store = store;
        this.gates = List.copyOf(gates);
        this.candidateCheck = candidateCheck.getIfAvailable(() -> CandidateCheck.NONE);
        this.sealer = sealer;
        this.listeners = List.copyOf(listeners);
        this.recorders = List.copyOf(recorders);
        this.clock = clock;
    }

    /** Replaces the draft of a target. */
    @Transactional
    public Draft putDraft(Target target, SortedMap<String, Object> properties, String actor) {
        SortedMap<String, Object> previous = new TreeMap<>();
        store.draft(target, true).ifPresent(d -> previous.putAll(d.properties()));
        store.releaseInForce(target).ifPresent(r -> r.properties().forEach(previous::putIfAbsent));
        Draft draft = new Draft(target, sealer.seal(properties, previous), actor, clock.instant());
        store.saveDraft(draft);
        return draft;
    }

    public Draft draft(Target target) {
        return store.draft(target, false).orElseThrow(() -> ShopWatchException.notFound("draft", target));
    }

    /**
     * Publishes the draft as a new release, in force at once; refused (nothing stored) when a gate or the candidate
     * check says no.
     */
    @Transactional
    public Published publish(Target target, String reason, String actor) {
        Draft draft = checkedDraft(target, actor);
        Long previousId = store.pointer(target, true).orElse(null);
        refuseDuringGray(target);
        Object dryRun = candidateCheck.check(draft);
        Release previous = previousId == null
                ? null
                : store.release(target.org(), previousId).orElseThrow();
        Instant now = clock.instant();
        Release candidate = new Release(
                0,
                target,
                draft.properties(),
                PropertyMaps.sha256(draft.properties()),
                actor,
                draft.editedBy(),
                reason,
                now,
                previousId);
        long id = store.insertRelease(candidate);
        Release release = new Release(
                id,
                target,
                candidate.properties(),
                candidate.sha256(),
                actor,
                draft.editedBy(),
                reason,
                now,
                previousId);
        store.movePointer(target, previousId, id, HistoryEntry.Operation.PUBLISH, actor, reason, now);
        afterCommit(new ReleaseEvent(
                HistoryEntry.Operation.PUBLISH, release, previousId, diff(previous, release), actor, reason));
        return new Published(release, dryRun);
    }

    /** Puts an earlier release of the target back in force. */
    @Transactional
    public Release rollback(Target target, long releaseId, String reason, String actor) {
        Release wanted = release(target, releaseId);
        Long currentId = store.pointer(target, true).orElse(null);
        refuseDuringGray(target);
        if (currentId != null && currentId == releaseId) {
            throw ShopWatchException.conflict("release " + releaseId + " is already in force");
        }
        Release current = currentId == null
                ? null
                : store.release(target.org(), currentId).orElseThrow();
        store.movePointer(
                target, currentId, releaseId, HistoryEntry.Operation.ROLLBACK, actor, reason, clock.instant());
        afterCommit(new ReleaseEvent(
                HistoryEntry.Operation.ROLLBACK, wanted, currentId, diff(current, wanted), actor, reason));
        return wanted;
    }

    /**
     * The draft of the target, locked for the rest of the transaction, once every gate accepted it for this
     * publisher; refused (404 without a draft, 422 invalid, 403 four-eyes) otherwise. The candidate check is the
     * caller's to run ({@link #candidateCheck(Draft)}), after the cheap gates.
     */
    public Draft checkedDraft(Target target, String actor) {
        Draft draft = store.draft(target, true).orElseThrow(() -> ShopWatchException.notFound("draft", target));
        for (PublishGate gate : gates) {
            gate.check(draft, actor);
        }
        return draft;
    }

    /** The dry-run bind of a checked draft: throws to refuse; its report otherwise. */
    public Object candidateCheck(Draft draft) {
        return candidateCheck.check(draft);
    }

    private void refuseDuringGray(Target target) {
        if (store.grayInProgress(target)) {
            throw ShopWatchException.conflict("a gray release of " + target.application() + "/" + target.profile()
                    + " is in progress: promote or abandon it first");
        }
    }

    /** A release of the target; 404 for an id of another target or org. */
    public Release release(Target target, long id) {
        return store.release(target.org(), id)
                .filter(r -> r.target().equals(target))
                .orElseThrow(() -> ShopWatchException.notFound("release", id));
    }

    public List<Release> releases(Target target) {
        return store.releases(target, LIST_LIMIT);
    }

    public Long inForce(Target target) {
        return store.pointer(target, false).orElse(null);
    }

    public List<HistoryEntry> history(Target target) {
        return store.history(target, LIST_LIMIT);
    }

    /** What changed from one release of the target to another, secrets masked. */
    public ReleaseDiff diff(Target target, long from, long to) {
        return diff(release(target, from), release(target, to));
    }

    /** What changed from one release to another ({@code from} null: from nothing), secrets masked. */
    public static ReleaseDiff diff(Release from, Release to) {
        Map<String, Object> before = from == null ? Map.of() : from.properties();
        return ReleaseDiff.between(before, to.properties(), Secrets::mask);
    }

    /**
     * Hands the event to every recorder now, in the current transaction, and to every listener once it committed (at
     * once outside one).
     */
    public void afterCommit(ReleaseEvent event) {
        for (ReleaseRecorder recorder : recorders) {
            recorder.record(event);
        }
        Runnable notify = () -> {
            for (ReleaseListener listener : listeners) {
                try {
                    listener.moved(event);
                } catch (RuntimeException e) {
                    log.warn(
                            "listener {} failed on release {}: {}",
                            listener.getClass().getSimpleName(),
                            event.release().id(),
                            e.toString());
                }
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    notify.run();
                }
            });
        } else {
            notify.run();
        }
    }
}
