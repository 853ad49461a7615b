package io.shopwatch.pipeline.flow;

import io.shopwatch.pipeline.record.PipelineRecord;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;

/**
 * How the pipeline continues the traces its records carry (the W3C {@code traceparent} the ingestion service put on
 * them). Per slice of a batch, not per record: the listener asks for the slice's traces, joins each record read to
 * the trace of its headers, and ends them once the slice is stored; the {@link BatchProcessor} runs each store write
 * inside a span of the traces of the records it writes. {@link #NONE} makes no spans at all.
 */
public interface RecordTracing {

    /** Traces nothing, costs nothing. */
    RecordTracing NONE = new RecordTracing() {
        @Override
        public Slice slice() {
            return Slice.NONE;
        }

        @Override
        public <T> T store(List<PipelineRecord> request, Supplier<T> write) {
            return write.get();
        }
    };

    /** The traces of one slice of a batch. */
    Slice slice();

    /** Runs one store write (the records of one request) in a span of their traces, if any of them is traced. */
    <T> T store(List<PipelineRecord> request, Supplier<T> write);

    /** The spans of one slice: opened as records join, ended together. */
    interface Slice {

        Slice NONE = new Slice() {
            @Override
            public void join(PipelineRecord record, Headers headers) {}

            @Override
            public void end(Throwable failure) {}
        };

        /** Joins a record just read to the trace its Kafka headers carry, when there is one to continue. */
        void join(PipelineRecord record, Headers headers);

        /** Ends the slice's spans; {@code failure} is what made the slice fail (it will be retried), or null. */
        void end(Throwable failure);
    }
}
