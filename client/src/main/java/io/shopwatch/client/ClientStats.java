package io.shopwatch.client;

/**
 * What a {@link ShopWatchClient} has done so far, counted in records unless said otherwise.
 *
 * @param queued records waiting in the queues right now
 * @param accepted records ShopWatch stored
 * @param rejected records ShopWatch refused as invalid (see the answers; not retried)
 * @param dropped records never queued because the queue was full or the client closed
 * @param failed records given up on: refused batches, retries exhausted, or still queued when close timed out
 * @param batches HTTP requests that got an answer
 * @param retries HTTP requests repeated after a 429/5xx or a network error
 */
public record ClientStats(
        long queued, long accepted, long rejected, long dropped, long failed, long batches, long retries) {}
