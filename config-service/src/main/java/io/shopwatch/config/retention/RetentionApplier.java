package io.shopwatch.config.retention;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.openobserve.OpenObserveException;
import io.shopwatch.common.openobserve.StreamAdministration;
import io.shopwatch.config.release.Release;
import io.shopwatch.config.release.ReleaseEvent;
import io.shopwatch.config.release.Target;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the {@value StreamRetention#APPLICATION} release in force of an org into the store: for every stream it names,
 * {@code PUT /api/{org}/streams/{stream}/settings?type=} with {@code data_retention} (OpenObserve's stream settings
 * API), and a stream the release before named and this one does not back to 0 (the store's global retention). Runs
 * after every pointer move of the configured profile (publish, rollback, promotion of a gray release) and again on a
 * timer ({@link #reapply}), so that streams created after the publish, and a store whose settings were changed by
 * hand, come to the release's values. A stream that does not exist yet is skipped until it does. Never throws.
 */
public final class RetentionApplier {

    private static final Logger log = LoggerFactory.getLogger(RetentionApplier.class);

    /** What became of one stream's setting. */
    public enum Outcome {
        APPLIED,
        NO_SUCH_STREAM,
        FAILED
    }

    private final Function<String, StreamAdministration> store;
    private final String profile;
    private final BiFunction<String, Long, Optional<Release>> releaseById;
    private final MeterRegistry registry;
    private final Map<String, SortedMap<String, Outcome>> lastOutcomes = new ConcurrentHashMap<>();

    /**
     * @param store the store's stream administration for an org
     * @param profile the profile whose releases the store follows
     * @param releaseById a release of an org by id (org, id), for the one in force before a move
     */
    public RetentionApplier(
            Function<String, StreamAdministration> store,
            String profile,
            BiFunction<String, Long, Optional<Release>> releaseById,
            MeterRegistry registry) {
        this.store = store;
        this.profile = profile;
        this.releaseById = releaseById;
        this.registry = registry;
    }

    /** Whether a target's releases are the store's retention. */
    public boolean follows(Target target) {
        return target.application().equals(StreamRetention.APPLICATION)
                && target.profile().equals(profile);
    }

    /** Applies a pointer move of a followed target: the release now in force, and resets for what it dropped. */
    public void applyMove(ReleaseEvent event) {
        Release now = event.release();
        if (!follows(now.target())) {
            return;
        }
        Map<String, Object> before = event.previousId() == null
                ? Map.of()
                : releaseById
                        .apply(now.target().org(), event.previousId())
                        .map(Release::properties)
                        .orElse(new TreeMap<>());
        apply(now.target().org(), StreamRetention.plan(before, now.properties()), now.id());
    }

    /** Applies a release in force again (the timer), without resetting anything. */
    public void reapply(Release release) {
        if (follows(release.target())) {
            apply(release.target().org(), StreamRetention.plan(Map.of(), release.properties()), release.id());
        }
    }

    /** What the last application to an org did, by property key. */
    public SortedMap<String, Outcome> lastOutcomes(String org) {
        return lastOutcomes.getOrDefault(org, new TreeMap<>());
    }

    private void apply(String org, SortedMap<String, StreamRetention> plan, long releaseId) {
        SortedMap<String, Outcome> outcomes = new TreeMap<>();
        StreamAdministration admin = store.apply(org);
        plan.forEach((key, r) -> {
            Outcome outcome;
            try {
                outcome = admin.setDataRetention(r.stream(), r.type(), r.days())
                        ? Outcome.APPLIED
                        : Outcome.NO_SUCH_STREAM;
            } catch (OpenObserveException | UnsupportedOperationException e) {
                log.warn(
                        "org {}: retention of {} stream {} (release {}) not applied: {}",
                        org,
                        r.type(),
                        r.stream(),
                        releaseId,
                        e.getMessage());
                outcome = Outcome.FAILED;
            }
            outcomes.put(key, outcome);
            registry.counter(
                            "shopwatch.config.retention.applied",
                            "outcome",
                            outcome.name().toLowerCase(Locale.ROOT))
                    .increment();
        });
        lastOutcomes.put(org, outcomes);
        log.debug("org {}: retention of release {} applied: {}", org, releaseId, outcomes);
    }
}
