package io.shopwatch.pipeline.sink;

/** The store could not take a batch now (down, overloaded, server error); the batch is to be retried, not dropped. */
public class SinkUnavailableException extends RuntimeException {

    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
