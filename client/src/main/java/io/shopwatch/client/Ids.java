package io.shopwatch.client;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Record ids: UUID version 7 (time-ordered), made when a record is created so that every retry carries the same. */
final class Ids {

    private Ids() {}

    static String next() {
        long millis = System.currentTimeMillis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }
}
