package io.shopwatch.common.sampling;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The latest sampling rate of each org and stream, as performance-service publishes them on {@code
 * shopwatch.sampling} (key {@code org/stream}, value a JSON object with at least {@code org}, {@code stream}, {@code
 * rate}, {@code neverSampled} and {@code targetPerSecond}). Thread-safe: a feed updates it, the record path reads it.
 *
 * <p>A rate applies only where a budget covers the stream: a stream that is never sampled, has no target (no budget
 * applies) or a rate of 1 is left untouched ({@link #rate} answers 1), and so is a stream no rate was published for.
 */
public final class PublishedRates {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Map<String, Double> rates = new ConcurrentHashMap<>();

    /**
     * Takes one published value; returns false (and changes nothing) when it is not a rate.
     *
     * @param json the record's value
     */
    public boolean accept(byte[] json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (RuntimeException e) {
            return false;
        }
        if (node == null
                || !node.path("org").isString()
                || !node.path("stream").isString()
                || !node.path("rate").isNumber()) {
            return false;
        }
        double rate = node.path("rate").asDouble();
        boolean covered = !node.path("neverSampled").asBoolean(false)
                && node.path("targetPerSecond").isNumber()
                && rate > 0
                && rate < 1;
        String key = key(node.path("org").asString(), node.path("stream").asString());
        if (covered) {
            rates.put(key, rate);
        } else {
            rates.remove(key);
        }
        return true;
    }

    /** The share of sampleable records to keep of a stream: in (0, 1), or 1 when no budget limits it. */
    public double rate(String org, String stream) {
        if (rates.isEmpty()) {
            return 1.0;
        }
        return rates.getOrDefault(key(org, stream), 1.0);
    }

    /** The rates below 1 now applied, by {@code org/stream} (stream in lower case). */
    public Map<String, Double> applied() {
        return Map.copyOf(rates);
    }

    private static String key(String org, String stream) {
        return org + '/' + stream.toLowerCase(Locale.ROOT);
    }
}
