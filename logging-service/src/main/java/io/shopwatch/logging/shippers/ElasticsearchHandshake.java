package io.shopwatch.logging.shippers;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an Elasticsearch client is told it is talking to. Filebeat, Logstash and Vector's {@code elasticsearch} sink ask
 * for the cluster's version ({@code GET /}) before they send {@code _bulk}, and pick their request format from it;
 * Elastic's own clients (Filebeat 7.14 and later, Logstash 8) also refuse a server that does not answer with {@code
 * X-Elastic-Product: Elasticsearch}. As OpenObserve does, the version is the one an Elastic client names in its
 * {@code User-Agent} ({@code Elastic-filebeat/8.15.0 ...}: it then sees its own version and is content), {@code 8.1.0}
 * for an Elastic client that names none, else {@code 7.17.1} (a version every client still speaks bulk with, and
 * Vector's {@code api_version: auto} reads as v7).
 */
public final class ElasticsearchHandshake {

    /** The header Elastic's clients check before they talk to a server. */
    public static final String PRODUCT_HEADER = "X-Elastic-Product";

    public static final String PRODUCT = "Elasticsearch";

    static final String DEFAULT_VERSION = "7.17.1";
    static final String ELASTIC_CLIENT_VERSION = "8.1.0";

    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)");

    private ElasticsearchHandshake() {}

    /** The version to report to the client that sent {@code userAgent} (may be {@code null}). */
    public static String version(String userAgent) {
        if (userAgent == null || !userAgent.toLowerCase(Locale.ROOT).contains("elastic")) {
            return DEFAULT_VERSION;
        }
        Matcher version = VERSION.matcher(userAgent);
        return version.find() ? version.group(1) : ELASTIC_CLIENT_VERSION;
    }

    /** The answer to {@code GET /}: an Elasticsearch cluster's info document, {@code version.number} as given. */
    public record Info(String name, String cluster_name, String cluster_uuid, Version version, String tagline) {

        static Info of(String version) {
            return new Info("shopwatch", "shopwatch", "shopwatch", new Version(version), "You Know, for Search");
        }
    }

    /** {@code version} of {@link Info}; the fields clients read besides {@code number} are fixed. */
    public record Version(
            String number,
            String build_flavor,
            String build_type,
            String build_hash,
            String build_date,
            boolean build_snapshot,
            String lucene_version,
            String minimum_wire_compatibility_version,
            String minimum_index_compatibility_version) {

        Version(String number) {
            this(number, "default", "shopwatch", "0", "0", false, "8.11.1", "6.8.0", "6.0.0-beta1");
        }
    }
}
