package io.shopwatch.performance.cache.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import io.shopwatch.performance.cache.QueryPlan;
import io.shopwatch.performance.cache.ResultCache;
import io.shopwatch.performance.cache.StreamGenerations;
import io.shopwatch.performance.store.StoreAnswer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The results cache in a Redis that several frontends share: an answer cached by one is a hit on every other.
 *
 * <p>Layout, under a key prefix: {@code e:<sha-256 of the cache key>} holds one answer (status, content type, body and
 * the full cache key, compared on every read), written with the cache TTL; {@code s:<org>/<stream>} is a sorted set
 * indexing the answers of one stream, member {@code <start µs>:<entry hash>}, score the exclusive end of the answer's
 * range. Index sets have no TTL, so that a {@code volatile-*} eviction policy only ever evicts answers (an evicted
 * index would leave answers that no record can drop); each write removes the members of a few already expired answers
 * it samples, so the index stays within a few percent of the live answers. Writes and invalidations are Lua scripts,
 * atomic on the server: a standalone Redis (or a primary with replicas), not Redis Cluster.
 *
 * <p>Invalidation: every frontend reads {@code shopwatch.stored} and deletes in Redis (the deletes are idempotent), so
 * each keeps its own {@linkplain StreamGenerations race guard} and no instance depends on another being up. Answers
 * never reach into the freshness window ({@link #put} refuses them), so a record newer than {@code now - freshness +
 * clockSkew} cannot fall into any cached answer of any instance and costs no Redis call: only late records do.
 *
 * <p>An outage degrades to pass-through, never to errors: a failed call counts in {@link #errors()}, logs one WARN per
 * outage, and Redis is left alone for {@code retryInterval} (reads miss and writes are refused meanwhile, counted in
 * {@link #skipped()}). An invalidation that could not be applied marks the cache dirty: the first call that reaches
 * Redis again drops every answer before anything is read.
 */
public final class RedisResultCache implements ResultCache {

    private static final Logger log = LoggerFactory.getLogger(RedisResultCache.class);
    private static final int FORMAT = 1;

    /** Writes an answer and indexes it under each of its streams; removes the members of expired answers it samples. */
    private static final RedisScript<Long> PUT = RedisScript.of("""
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            for i = 2, #KEYS do
              redis.call('ZADD', KEYS[i], ARGV[3], ARGV[4])
              for _, m in ipairs(redis.call('ZRANDMEMBER', KEYS[i], 4)) do
                local sep = string.find(m, ':', 1, true)
                if redis.call('EXISTS', ARGV[5] .. string.sub(m, sep + 1)) == 0 then
                  redis.call('ZREM', KEYS[i], m)
                end
              end
            end
            return 1
            """, Long.class);

    /** Drops the answers of one stream whose range [start, end) contains ARGV[1]. */
    private static final RedisScript<Long> RECORD_STORED = RedisScript.of("""
            local ts = tonumber(ARGV[1])
            local dropped = 0
            for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')) do
              local sep = string.find(m, ':', 1, true)
              if tonumber(string.sub(m, 1, sep - 1)) <= ts then
                dropped = dropped + redis.call('UNLINK', ARGV[2] .. string.sub(m, sep + 1))
                redis.call('ZREM', KEYS[1], m)
              end
            end
            return dropped
            """, Long.class);

    /** Drops every answer of one stream, and its index. */
    private static final RedisScript<Long> STREAM_DELETED = RedisScript.of("""
            local dropped = 0
            for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              local sep = string.find(m, ':', 1, true)
              dropped = dropped + redis.call('UNLINK', ARGV[1] .. string.sub(m, sep + 1))
            end
            redis.call('UNLINK', KEYS[1])
            return dropped
            """, Long.class);

    private final RedisTemplate<String, byte[]> redis;
    private final String prefix;
    private final String entryPrefix;
    private final Duration ttl;
    private final long freshnessMicros;
    private final long skewMicros;
    private final Clock clock;
    private final Ticker ticker;
    private final long retryNanos;

    private final StreamGenerations generations = new StreamGenerations();
    private final AtomicLong invalidated = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final Object outage = new Object();
    /** While the ticker is before this, Redis is not called. */
    private volatile long downUntil;

    private volatile boolean down;
    /** An invalidation could not be applied: every answer must go before the next read. */
    private volatile boolean dirty;

    /**
     * @param redis keys as strings, values as bytes
     * @param prefix put before every key, so that one Redis can serve several deployments
     * @param ttl an answer is dropped this long after it was written
     * @param freshness answers whose range ends within this span of now are refused (the frontend never offers them)
     * @param clockSkew how far the clocks of the instances sharing the cache may differ
     * @param retryInterval how long Redis is left alone after a failed call
     */
    public RedisResultCache(
            RedisTemplate<String, byte[]> redis,
            String prefix,
            Duration ttl,
            Duration freshness,
            Duration clockSkew,
            Duration retryInterval,
            Clock clock,
            Ticker ticker) {
        this.redis = redis;
        this.prefix = prefix;
        this.entryPrefix = prefix + "e:";
        this.ttl = ttl;
        this.freshnessMicros = micros(freshness);
        this.skewMicros = micros(clockSkew);
        this.clock = clock;
        this.ticker = ticker;
        this.retryNanos = retryInterval.toNanos();
        this.downUntil = ticker.read();
    }

    @Override
    public Optional<StoreAnswer> get(String key) {
        byte[] value = call(() -> redis.opsForValue().get(entryKey(key)), null, false);
        return value == null ? Optional.empty() : decode(key, value);
    }

    @Override
    public List<Optional<StoreAnswer>> getAll(List<String> keys) {
        List<Optional<StoreAnswer>> answers = new ArrayList<>(keys.size());
        if (keys.isEmpty()) {
            return answers;
        }
        List<String> entryKeys = keys.stream().map(this::entryKey).toList();
        List<byte[]> values = call(() -> redis.opsForValue().multiGet(entryKeys), null, false);
        for (int i = 0; i < keys.size(); i++) {
            byte[] value = values == null || values.size() != keys.size() ? null : values.get(i);
            answers.add(value == null ? Optional.empty() : decode(keys.get(i), value));
        }
        return answers;
    }

    @Override
    public long generation(QueryPlan plan) {
        return generations.of(plan);
    }

    @Override
    public boolean put(QueryPlan plan, StoreAnswer answer, long generationBefore) {
        if (plan.endMicros() > nowMicros() - freshnessMicros) {
            return false; // reaches into the freshness window: the check of recent records would skip it
        }
        if (plan.streams().isEmpty() || generations.of(plan) != generationBefore) {
            return false;
        }
        String hash = hash(plan.key());
        List<String> keys = new ArrayList<>();
        keys.add(entryPrefix + hash);
        plan.streams().forEach(stream -> keys.add(indexKey(plan.org(), stream)));
        byte[] value = encode(plan.key(), answer);
        Long written = call(
                () -> redis.execute(
                        PUT,
                        keys,
                        value,
                        bytes(Long.toString(ttl.toMillis())),
                        bytes(Long.toString(plan.endMicros())),
                        bytes(plan.startMicros() + ":" + hash),
                        bytes(entryPrefix)),
                null,
                false);
        if (written == null) {
            return false;
        }
        if (generations.of(plan) != generationBefore) {
            // a record of one of its streams was invalidated while it was written: it may predate the record
            call(() -> redis.unlink(entryPrefix + hash), null, true);
            return false;
        }
        return true;
    }

    @Override
    public int recordStored(String org, String stream, long timestampMicros) {
        generations.bump(org, stream);
        if (timestampMicros >= nowMicros() - freshnessMicros + skewMicros) {
            return 0; // newer than the end of every answer any instance may have cached
        }
        Long dropped = call(
                () -> redis.execute(
                        RECORD_STORED,
                        List.of(indexKey(org, stream)),
                        bytes(Long.toString(timestampMicros)),
                        bytes(entryPrefix)),
                0L,
                true);
        invalidated.addAndGet(dropped);
        return dropped.intValue();
    }

    @Override
    public int streamDeleted(String org, String stream) {
        generations.bump(org, stream);
        Long dropped =
                call(() -> redis.execute(STREAM_DELETED, List.of(indexKey(org, stream)), bytes(entryPrefix)), 0L, true);
        invalidated.addAndGet(dropped);
        return dropped.intValue();
    }

    @Override
    public void clear() {
        generations.bumpAll();
        call(
                () -> {
                    clearAll();
                    return Boolean.TRUE;
                },
                Boolean.FALSE,
                true);
    }

    @Override
    public long weightedBytes() {
        return -1;
    }

    @Override
    public long size() {
        return -1;
    }

    @Override
    public long invalidatedCount() {
        return invalidated.get();
    }

    /** Calls to Redis that failed. */
    public long errors() {
        return errors.get();
    }

    /** Calls not made because Redis had just failed (reads answered by the store, writes and deletions left out). */
    public long skipped() {
        return skipped.get();
    }

    /** Whether the last call to Redis worked. */
    public boolean available() {
        return !down;
    }

    @Override
    public String describe() {
        return down ? "redis, unreachable: reads pass through" : dirty ? "redis, to be cleared" : "redis";
    }

    /**
     * Runs one call to Redis unless it failed within the retry interval; the first call after an invalidation was lost
     * clears the cache first. Returns {@code otherwise} instead of throwing.
     *
     * @param invalidation the call drops answers: when it is not made, the cache becomes dirty
     */
    private <T> T call(Supplier<T> work, T otherwise, boolean invalidation) {
        if (ticker.read() - downUntil < 0) {
            skipped.incrementAndGet();
            if (invalidation) {
                dirty = true;
            }
            return otherwise;
        }
        try {
            if (dirty) {
                synchronized (outage) {
                    if (dirty) {
                        clearAll();
                        dirty = false;
                        log.info("Redis results cache cleared: invalidations were lost while it was unreachable");
                    }
                }
            }
            T result = work.get();
            if (down) {
                down = false;
                log.info("Redis results cache reachable again");
            }
            return result;
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            if (invalidation) {
                dirty = true;
            }
            downUntil = ticker.read() + retryNanos;
            if (!down) {
                down = true;
                log.warn(
                        "Redis results cache unreachable ({}): reads pass through to the store until it answers again",
                        e.toString());
            }
            return otherwise;
        }
    }

    /** Every key under the prefix, in batches. */
    private void clearAll() {
        List<String> batch = new ArrayList<>();
        try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions()
                .match(escapeGlob(prefix) + "*")
                .count(1000)
                .build())) {
            while (keys.hasNext()) {
                batch.add(keys.next());
                if (batch.size() == 1000) {
                    redis.unlink(batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            redis.unlink(batch);
        }
    }

    private Optional<StoreAnswer> decode(String key, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            if (in.readByte() != FORMAT || !in.readUTF().equals(key)) {
                return Optional.empty(); // another layout, or (never seen) another key with the same hash
            }
            int status = in.readInt();
            String contentType = in.readBoolean() ? in.readUTF() : null;
            byte[] body = in.readAllBytes();
            return Optional.of(new StoreAnswer(status, contentType, body));
        } catch (IOException | RuntimeException e) {
            log.debug("unreadable Redis cache entry for key hash {}", hash(key));
            return Optional.empty();
        }
    }

    static byte[] encode(String key, StoreAnswer answer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(answer.body().length + key.length() + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(key);
            out.writeInt(answer.status());
            out.writeBoolean(answer.contentType() != null);
            if (answer.contentType() != null) {
                out.writeUTF(answer.contentType());
            }
            out.write(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private String entryKey(String key) {
        return entryPrefix + hash(key);
    }

    private String indexKey(String org, String stream) {
        return prefix + "s:" + org + "/" + stream.toLowerCase(Locale.ROOT);
    }

    private long nowMicros() {
        return micros(Duration.ofMillis(clock.millis()));
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String escapeGlob(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes(key));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 24));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
