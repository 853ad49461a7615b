package io.shopwatch.performance.invalidation;

import io.shopwatch.common.event.Envelope;
import java.util.Set;

/** Told of every record {@code shopwatch.stored} reports: a cache to invalidate, an ingest meter. */
public interface StoredRecordListener {

    /**
     * The top-level payload fields this listener reads; asked again before each batch the feed polls, so the set may
     * change. The feed reads only those of each record (the rest of the payload is skipped unparsed), so a listener
     * sees a payload holding only the fields that any listener named.
     */
    default Set<String> payloadFields() {
        return Set.of();
    }

    /**
     * One stored record.
     *
     * @param envelope the record as the pipeline published it, its payload reduced to the named {@link #payloadFields}
     * @param bytes its size on the topic (the serialised envelope)
     */
    void stored(Envelope envelope, int bytes);

    /** Records may have been missed (the feed was lost, or a record could not be read): forget what they could change. */
    default void missed() {}

    /**
     * The feed has its partitions and reads from their ends from now on: whatever was stored before (while this
     * instance was not reading) may have been missed. Called at start and after the feed was lost.
     */
    default void watching() {}
}
