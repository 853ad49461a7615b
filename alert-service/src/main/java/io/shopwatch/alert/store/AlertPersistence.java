package io.shopwatch.alert.store;

import io.shopwatch.alert.core.Alert;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Where alerts are kept beyond the process; writes are conditional on the version the writer last saw. */
public interface AlertPersistence {

    /** Keeps nothing (tests of the in-memory behaviour). */
    AlertPersistence NONE = new AlertPersistence() {
        @Override
        public Set<Long> write(String org, List<Write> writes) {
            return Set.of();
        }

        @Override
        public List<StoredAlert> read(String org, Collection<Long> fingerprints) {
            return List.of();
        }

        @Override
        public void delete(String org, Collection<StoredAlert> alerts) {}
    };

    /**
     * One conditional write.
     *
     * @param alert the new version
     * @param expectedVersion the stored version it replaces, 0 when there should be none
     * @param newVersion its version
     */
    record Write(Alert alert, long expectedVersion, long newVersion) {}

    /** Writes in one batch; returns the fingerprints whose stored version was not the expected one (not written). */
    Set<Long> write(String org, List<Write> writes);

    /** The stored versions of some alerts. */
    List<StoredAlert> read(String org, Collection<Long> fingerprints);

    /** Deletes alerts whose stored version is still the given one. */
    void delete(String org, Collection<StoredAlert> alerts);

    /**
     * Keeps resolved alerts that leave the alert table (removed after their retention, or replaced by a new firing of
     * the same label set) for the resolved-groups view; keeping one twice keeps it once. Nothing by default.
     */
    default void archive(String org, Collection<Alert> resolved) {}

    /** The archived alerts of an organisation that ended at or after {@code since}, latest end first. */
    default List<Alert> archivedSince(String org, Instant since, int limit) {
        return List.of();
    }

    /** Forgets archived alerts that ended before {@code before}; returns how many. */
    default int pruneArchive(Instant before) {
        return 0;
    }
}
