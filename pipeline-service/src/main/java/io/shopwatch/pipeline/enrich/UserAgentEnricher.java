package io.shopwatch.pipeline.enrich;

import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Adds browser, operating system and device class from a user-agent string ({@code ua_browser},
 * {@code ua_browser_version}, {@code ua_os}, {@code ua_device_class}), parsed by Yauaa behind a bounded cache, since
 * a storefront sees the same few hundred agents over and over. The analyzer is built the first time a record carries a
 * user agent, so that a pipeline whose records have none does not hold its tables (tens of MB of heap).
 */
public final class UserAgentEnricher implements Stage {

    /** Fields looked at, in order; the first holding a string is parsed. */
    public static final List<String> SOURCE_FIELDS =
            List.of("user_agent", "properties_user_agent", "attributes_user_agent", "http_user_agent");

    private final int cacheSize;
    /** Built the first time a record carries a user agent. */
    private volatile Function<String, Map<String, String>> parser;

    public UserAgentEnricher(int cacheSize) {
        this.cacheSize = cacheSize;
    }

    private Function<String, Map<String, String>> parser() {
        Function<String, Map<String, String>> built = parser;
        if (built == null) {
            synchronized (this) {
                built = parser;
                if (built == null) {
                    built = build(cacheSize);
                    parser = built;
                }
            }
        }
        return built;
    }

    private static Function<String, Map<String, String>> build(int cacheSize) {
        UserAgentAnalyzer analyzer = UserAgentAnalyzer.newBuilder()
                .withFields(
                        UserAgent.AGENT_NAME,
                        UserAgent.AGENT_VERSION_MAJOR,
                        UserAgent.OPERATING_SYSTEM_NAME_VERSION_MAJOR,
                        UserAgent.DEVICE_CLASS)
                .withCache(cacheSize)
                .hideMatcherLoadStats()
                .immediateInitialization()
                .build();
        return agent -> {
            UserAgent parsed = analyzer.parse(agent);
            return Map.of(
                    "ua_browser", parsed.getValue(UserAgent.AGENT_NAME),
                    "ua_browser_version", parsed.getValue(UserAgent.AGENT_VERSION_MAJOR),
                    "ua_os", parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME_VERSION_MAJOR),
                    "ua_device_class", parsed.getValue(UserAgent.DEVICE_CLASS));
        };
    }

    @Override
    public String name() {
        return "user_agent";
    }

    @Override
    public Phase phase() {
        return Phase.ENRICH;
    }

    @Override
    public void apply(PipelineRecord record) {
        String agent = FieldLookup.firstText(record.document(), SOURCE_FIELDS);
        if (agent != null) {
            record.document().putAll(parser().apply(agent));
        }
    }
}
