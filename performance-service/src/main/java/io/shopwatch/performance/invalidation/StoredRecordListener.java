package io.shopwatch.performance.invalidation;

import io.shopwatch.common.event.Envelope;

/** Told of every record {@code shopwatch.stored} reports: a cache to invalidate, an ingest meter. */
public interface StoredRecordListener {

    /**
     * One stored record.
     *
     * @param envelope the record as the pipeline published it
     * @param bytes its size on the topic (the serialised envelope)
     */
    void stored(Envelope envelope, int bytes);

    /** Records may have been missed (the feed was lost, or a record could not be read): forget what they could change. */
    default void missed() {}
}
