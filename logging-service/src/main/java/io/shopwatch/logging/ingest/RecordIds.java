package io.shopwatch.logging.ingest;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for records that arrive without one: UUID version 7 (RFC 9562), so they sort by creation time, drawn from a
 * thread-local generator so that a batch of thousands costs no contention.
 */
public final class RecordIds {

    private RecordIds() {}

    public static String next() {
        long millis = System.currentTimeMillis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }
}
