package io.shopwatch.config.gray;

import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.config.release.ConfigReleases;
import io.shopwatch.config.release.ConfigStore;
import io.shopwatch.config.release.Draft;
import io.shopwatch.config.release.HistoryEntry;
import io.shopwatch.config.release.PropertyMaps;
import io.shopwatch.config.release.Release;
import io.shopwatch.config.release.ReleaseEvent;
import io.shopwatch.config.release.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gray releases: the draft published as a release served only to the instances a {@link GrayRule} chooses, then
 * promoted (the pointer moves to it, every instance gets it) or abandoned (the chosen instances return to the release
 * in force). Each step goes through {@link GrayState}, is recorded in the target's history and announced to listeners
 * (change events, audit) after it committed. While a gray release is in progress, publish and rollback are refused.
 */
@Service
public class GrayReleases {

    private final ConfigReleases releases;
    private final ConfigStore store;
    private final GrayStore grays;
    private final Clock clock;

    public GrayReleases(ConfigReleases releases, ConfigStore store, GrayStore grays, Clock clock) {
        this.releases = releases;
        this.store = store;
        this.grays = grays;
        this.clock = clock;
    }

    /** Publishes the draft as a gray release for the instances the rule chooses; the pointer stays. */
    @Transactional
    public GrayRelease start(Target target, GrayRule rule, String reason, String actor) {
        Draft draft = releases.checkedDraft(target, actor);
        Long baseId = store.pointer(target, true)
                .orElseThrow(() -> ShopWatchException.conflict("publish a first release before a gray release"));
        if (grays.active(target, true).isPresent()) {
            throw ShopWatchException.conflict("a gray release of " + target.application() + "/" + target.profile()
                    + " is already in progress: promote or abandon it first");
        }
        releases.candidateCheck(draft);
        Release base = store.release(target.org(), baseId).orElseThrow();
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
                baseId);
        long releaseId = store.insertRelease(candidate);
        Release release = new Release(
                releaseId,
                target,
                candidate.properties(),
                candidate.sha256(),
                actor,
                draft.editedBy(),
                reason,
                now,
                baseId);
        GrayRelease gray =
                new GrayRelease(0, target, releaseId, baseId, rule, GrayState.ACTIVE, reason, actor, now, null, null);
        long id = grays.insert(gray);
        store.recordHistory(target, baseId, releaseId, HistoryEntry.Operation.GRAY, actor, reason, now);
        releases.afterCommit(new ReleaseEvent(
                HistoryEntry.Operation.GRAY, release, baseId, ConfigReleases.diff(base, release), actor, reason));
        return new GrayRelease(id, target, releaseId, baseId, rule, GrayState.ACTIVE, reason, actor, now, null, null);
    }

    /** Makes the gray release the release in force of its target, for every instance. */
    @Transactional
    public GrayRelease promote(Target target, String reason, String actor) {
        GrayRelease gray = active(target);
        GrayState next = gray.state().next(GrayState.Action.PROMOTE);
        Long currentId = store.pointer(target, true).orElseThrow();
        Release current = store.release(target.org(), currentId).orElseThrow();
        Release release = store.release(target.org(), gray.releaseId()).orElseThrow();
        Instant now = clock.instant();
        grays.end(gray.id(), next, actor, now);
        store.movePointer(target, currentId, gray.releaseId(), HistoryEntry.Operation.PROMOTE, actor, reason, now);
        releases.afterCommit(new ReleaseEvent(
                HistoryEntry.Operation.PROMOTE,
                release,
                currentId,
                ConfigReleases.diff(current, release),
                actor,
                reason));
        return ended(gray, next, actor, now);
    }

    /** Drops the gray release: the instances it chose return to the release in force. */
    @Transactional
    public GrayRelease abandon(Target target, String reason, String actor) {
        GrayRelease gray = active(target);
        GrayState next = gray.state().next(GrayState.Action.ABANDON);
        Long currentId = store.pointer(target, true).orElseThrow();
        Release current = store.release(target.org(), currentId).orElseThrow();
        Release release = store.release(target.org(), gray.releaseId()).orElseThrow();
        Instant now = clock.instant();
        grays.end(gray.id(), next, actor, now);
        store.recordHistory(target, gray.releaseId(), currentId, HistoryEntry.Operation.ABANDON, actor, reason, now);
        releases.afterCommit(new ReleaseEvent(
                HistoryEntry.Operation.ABANDON,
                current,
                gray.releaseId(),
                ConfigReleases.diff(release, current),
                actor,
                reason));
        return ended(gray, next, actor, now);
    }

    /**
     * The release an instance is served for a target: the gray release in progress when its rule chooses the
     * instance, else the release in force.
     */
    public Optional<Release> servedTo(Target target, Instance instance) {
        Optional<GrayRelease> gray =
                grays.active(target, false).filter(g -> g.rule().matches(instance));
        if (gray.isPresent()) {
            return store.release(target.org(), gray.get().releaseId());
        }
        return store.releaseInForce(target);
    }

    /** Records which releases an instance applied. */
    public void acknowledge(String org, String application, InstanceAck ack) {
        grays.saveAck(org, application, ack);
    }

    /** The newest gray release of the target and every instance's status against it. */
    public RolloutStatus status(Target target) {
        Optional<GrayRelease> gray = grays.latest(target);
        Long inForce = store.pointer(target, false).orElse(null);
        Set<Long> ofTarget = releases.releases(target).stream().map(Release::id).collect(Collectors.toSet());
        List<RolloutStatus.InstanceStatus> instances = new ArrayList<>();
        for (InstanceAck ack : grays.acks(target.org(), target.application())) {
            if (!ack.follows(target.profile())) {
                continue;
            }
            boolean chosen = gray.filter(g -> g.state().served())
                    .map(g -> g.rule().matches(ack.instance()))
                    .orElse(false);
            Long expected = chosen ? Long.valueOf(gray.get().releaseId()) : inForce;
            Long applied = ack.releases().stream()
                    .filter(ofTarget::contains)
                    .findFirst()
                    .orElse(null);
            RolloutStatus.Applied status = expected != null && expected.equals(applied)
                    ? RolloutStatus.Applied.APPLIED
                    : RolloutStatus.Applied.PENDING;
            instances.add(
                    new RolloutStatus.InstanceStatus(ack.instance(), chosen, expected, applied, status, ack.ackedAt()));
        }
        return new RolloutStatus(gray.orElse(null), inForce, instances);
    }

    private GrayRelease active(Target target) {
        return grays.active(target, true)
                .orElseThrow(() -> ShopWatchException.notFound("gray release in progress of", target));
    }

    private static GrayRelease ended(GrayRelease g, GrayState state, String actor, Instant at) {
        return new GrayRelease(
                g.id(),
                g.target(),
                g.releaseId(),
                g.baseReleaseId(),
                g.rule(),
                state,
                g.reason(),
                g.createdBy(),
                g.createdAt(),
                actor,
                at);
    }
}
