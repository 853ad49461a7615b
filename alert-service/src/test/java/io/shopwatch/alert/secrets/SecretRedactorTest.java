package io.shopwatch.alert.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.alert.config.ConfigParser;
import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.testing.ServedChannels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Secrets out of configurations as the API returns them, and back in from {@code <secret>} placeholders. */
class SecretRedactorTest {

    /** The redactor as the service builds it: the served channels' declared secrets and Alertmanager's others. */
    static final SecretRedactor REDACTOR = ServedChannels.redactor();

    /** Every secret the requirement names, written as a user would; each secret value contains "LEAK". */
    static final String CONFIG = """
            # team channels; the comment goes, the order stays
            route:
              receiver: ops
              group_by: [alertname]
            receivers:
              - name: ops
                webhook_configs:
                  - url: https://hooks.example.com/LEAK-webhook-path?token=LEAK-webhook-query
                    send_resolved: false
                    max_alerts: 5
                    http_config:
                      basic_auth: {username: alice, password: LEAK-basic-password}
                  - url: https://hooks.example.com/second
                    http_config:
                      bearer_token: LEAK-bearer
                  - url: https://hooks.example.com/third
                    http_config:
                      authorization:
                        type: Token
                        credentials: LEAK-credentials
                dingtalk_configs:
                  - url: https://oapi.dingtalk.com/robot/send?access_token=LEAK-ding-token
                    secret: SECLEAK0123456789abcdef
                    message_type: markdown
                wecom_configs:
                  - url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=LEAK-wecom-key
                feishu_configs:
                  - url: https://open.feishu.cn/open-apis/bot/v2/hook/LEAK-feishu-hook
                    secret: LEAK-feishu-secret
              - name: vendors
                slack_configs:
                  - api_url: https://hooks.slack.com/services/T0/B0/LEAK-slack
                    channel: '#ops'
                pagerduty_configs:
                  - routing_key: LEAK-routing-key
                    severity: critical
                  - service_key: LEAK-service-key
                email_configs:
                  - to: ops@example.com
                    auth_username: ops
                    auth_password: LEAK-smtp-password
                    auth_secret: LEAK-smtp-secret
            time_intervals:
              - name: office
                time_intervals:
                  - times: [{start_time: '09:00', end_time: 17:30}]
            """;

    private static final Yaml YAML = new Yaml(new SafeConstructor(new LoaderOptions()));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(String text) {
        return (Map<String, Object>) YAML.load(text);
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> tree, Object... path) {
        Object at = tree;
        for (Object step : path) {
            at = step instanceof Integer i ? ((List<Object>) at).get(i) : ((Map<String, Object>) at).get(step);
        }
        return at;
    }

    @Test
    void redact_replacesEverySecretOfEveryChannelAndKeepsTheRest() {
        String redacted = REDACTOR.redact(CONFIG);

        assertThat(redacted).doesNotContain("LEAK").doesNotContain("# team");
        Map<String, Object> t = tree(redacted);
        Map<String, Object> o = t;
        assertThat(at(o, "receivers", 0, "webhook_configs", 0, "url")).isEqualTo("<secret>");
        assertThat(at(o, "receivers", 0, "webhook_configs", 0, "http_config", "basic_auth", "password"))
                .isEqualTo("<secret>");
        assertThat(at(o, "receivers", 0, "webhook_configs", 0, "http_config", "basic_auth", "username"))
                .isEqualTo("alice");
        assertThat(at(o, "receivers", 0, "webhook_configs", 0, "send_resolved")).isEqualTo(false);
        assertThat(at(o, "receivers", 0, "webhook_configs", 0, "max_alerts")).isEqualTo(5);
        assertThat(at(o, "receivers", 0, "webhook_configs", 1, "http_config", "bearer_token"))
                .isEqualTo("<secret>");
        assertThat(at(o, "receivers", 0, "webhook_configs", 2, "http_config", "authorization", "credentials"))
                .isEqualTo("<secret>");
        assertThat(at(o, "receivers", 0, "webhook_configs", 2, "http_config", "authorization", "type"))
                .isEqualTo("Token");
        assertThat(at(o, "receivers", 0, "dingtalk_configs", 0, "url")).isEqualTo("<secret>");
        assertThat(at(o, "receivers", 0, "dingtalk_configs", 0, "secret")).isEqualTo("<secret>");
        assertThat(at(o, "receivers", 0, "dingtalk_configs", 0, "message_type")).isEqualTo("markdown");
        assertThat(at(o, "receivers", 0, "wecom_configs", 0, "url")).isEqualTo("<secret>");
        assertThat(at(o, "receivers", 0, "feishu_configs", 0, "url")).isEqualTo("<secret>");
        assertThat(at(o, "receivers", 0, "feishu_configs", 0, "secret")).isEqualTo("<secret>");
        assertThat(at(o, "receivers", 1, "slack_configs", 0, "api_url")).isEqualTo("<secret>");
        assertThat(at(o, "receivers", 1, "slack_configs", 0, "channel")).isEqualTo("#ops");
        assertThat(at(o, "receivers", 1, "pagerduty_configs", 0, "routing_key")).isEqualTo("<secret>");
        assertThat(at(o, "receivers", 1, "pagerduty_configs", 0, "severity")).isEqualTo("critical");
        assertThat(at(o, "receivers", 1, "pagerduty_configs", 1, "service_key")).isEqualTo("<secret>");
        assertThat(at(o, "receivers", 1, "email_configs", 0, "auth_password")).isEqualTo("<secret>");
        assertThat(at(o, "receivers", 1, "email_configs", 0, "auth_secret")).isEqualTo("<secret>");
        assertThat(at(o, "receivers", 1, "email_configs", 0, "auth_username")).isEqualTo("ops");
        // key order, and values YAML 1.1 would read as numbers (17:30 is a base-60 integer) keep their text
        assertThat(t.keySet()).containsExactly("route", "receivers", "time_intervals");
        assertThat(redacted)
                .contains("end_time: '17:30'")
                .contains("start_time: '09:00'")
                .doesNotContain("!!");
        assertThat(ConfigParser.parse(redacted, ServedChannels.registry()::find).receivers())
                .containsOnlyKeys("ops", "vendors");
    }

    @Test
    void redact_everySettingOfTheTable_isReplacedWhereverItIs() {
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Object> global = new LinkedHashMap<>();
        for (String path : REDACTOR.secretPaths(SecretRedactor.GLOBAL)) {
            put(global, path, "LEAK-global-" + path);
        }
        config.put("global", global);
        config.put("route", Map.of("receiver", "all"));
        Map<String, Object> receiver = new LinkedHashMap<>();
        receiver.put("name", "all");
        List<String> types = new ArrayList<>(REDACTOR.integrationTypes());
        assertThat(types).contains("dingtalk", "wecom", "feishu", "slack", "pagerduty", "email", "webhook", "opsgenie");
        for (String type : types) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("title", "keep-" + type);
            for (String path : REDACTOR.secretPaths(type)) {
                put(settings, path, "LEAK-" + type + "-" + path);
            }
            receiver.put(type + "_configs", List.of(settings));
        }
        config.put("receivers", List.of(receiver));
        String yaml = new Yaml().dump(config);

        String redacted = REDACTOR.redact(yaml);

        assertThat(redacted).doesNotContain("LEAK");
        Map<String, Object> t = tree(redacted);
        for (String path : REDACTOR.secretPaths(SecretRedactor.GLOBAL)) {
            assertThat(at(t, concat(new Object[] {"global"}, path))).as(path).isEqualTo("<secret>");
        }
        for (String type : types) {
            assertThat(at(t, "receivers", 0, type + "_configs", 0, "title")).isEqualTo("keep-" + type);
            for (String path : REDACTOR.secretPaths(type)) {
                assertThat(at(t, concat(new Object[] {"receivers", 0, type + "_configs", 0}, path)))
                        .as(type + " " + path)
                        .isEqualTo("<secret>");
            }
        }
        // the JSON form is redacted the same way
        assertThat(JsonCodec.write(REDACTOR.redactedTree(yaml))).doesNotContain("LEAK");
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> settings, String path, String value) {
        String[] keys = path.split("\\.");
        Map<String, Object> at = settings;
        for (int i = 0; i < keys.length - 1; i++) {
            at = (Map<String, Object>) at.computeIfAbsent(keys[i], k -> new LinkedHashMap<String, Object>());
        }
        at.put(keys[keys.length - 1], value);
    }

    @Test
    void redact_aKeyWrittenTwice_redactsEveryOccurrence() {
        String yaml = """
                route: {receiver: r}
                receivers:
                  - name: r
                    webhook_configs:
                      - url: https://first.example.com/LEAK-1
                        http_config: {bearer_token: LEAK-2}
                        url: https://second.example.com/LEAK-3
                        http_config: {bearer_token: LEAK-4}
                """;
        assertThat(REDACTOR.redact(yaml)).doesNotContain("LEAK");
        String restored = REDACTOR.restore(REDACTOR.redact(yaml), yaml);
        assertThat(restored).contains("LEAK-3").contains("LEAK-4").doesNotContain("LEAK-1");
    }

    private static Object[] concat(Object[] prefix, String path) {
        List<Object> all = new ArrayList<>(List.of(prefix));
        all.addAll(List.of((Object[]) path.split("\\.")));
        return all.toArray();
    }

    @Test
    void redact_emptySecretsStayEmptyAndAliasesOfASecretAreRedactedToo() {
        String yaml = """
                route: {receiver: r}
                receivers:
                  - name: r
                    dingtalk_configs:
                      - url: &hook https://oapi.dingtalk.com/robot/send?access_token=LEAK
                        secret: ''
                        title: *hook
                """;
        String redacted = REDACTOR.redact(yaml);
        assertThat(redacted).doesNotContain("LEAK");
        Map<String, Object> t = tree(redacted);
        assertThat(at(t, "receivers", 0, "dingtalk_configs", 0, "secret")).isEqualTo("");
        assertThat(at(t, "receivers", 0, "dingtalk_configs", 0, "title")).isEqualTo("<secret>");
    }

    @Test
    void redactedTree_isTheJsonFormWithTypes() {
        Object tree = REDACTOR.redactedTree(CONFIG);
        String json = JsonCodec.write(tree);
        assertThat(json)
                .doesNotContain("LEAK")
                .contains("\"max_alerts\":5")
                .contains("\"send_resolved\":false")
                .contains("\"end_time\":\"17:30\"")
                .startsWith("{\"route\":");
    }

    @Test
    void restore_roundTrip_givesTheOriginalConfiguration() {
        String redacted = REDACTOR.redact(CONFIG);

        String restored = REDACTOR.restore(redacted, CONFIG);

        // the same receivers with the same settings; only the text of 17:30 changed (quoted, the parser reads it the
        // same)
        assertThat(ConfigParser.parse(restored, ServedChannels.registry()::find).receivers())
                .isEqualTo(ConfigParser.parse(CONFIG, ServedChannels.registry()::find)
                        .receivers());
        assertThat(ConfigParser.parse(restored, ServedChannels.registry()::find).timeIntervals())
                .isEqualTo(ConfigParser.parse(CONFIG, ServedChannels.registry()::find)
                        .timeIntervals());
        assertThat(tree(restored).get("receivers")).isEqualTo(tree(CONFIG).get("receivers"));
        assertThat(restored).contains("SECLEAK0123456789abcdef");
    }

    @Test
    void restore_changesOnlyThePlaceholdersAndKeepsComments() {
        String edited = """
                route:
                  receiver: ops
                receivers:
                  - name: ops  # the on-call robot
                    dingtalk_configs:
                      - url: <secret>   # kept from the configuration in force
                        secret: "<secret>"
                        message_type: text
                """;

        String restored = REDACTOR.restore(edited, CONFIG);

        assertThat(restored)
                .isEqualTo(edited.replace(
                                "url: <secret>",
                                "url: \"https://oapi.dingtalk.com/robot/send?access_token=LEAK-ding-token\"")
                        .replace("secret: \"<secret>\"", "secret: \"SECLEAK0123456789abcdef\""));
        assertThat(at(tree(restored), "receivers", 0, "dingtalk_configs", 0, "message_type"))
                .isEqualTo("text");
    }

    @Test
    void restore_jsonBody_staysJsonAndEscapesTheValue() {
        String current = """
                route: {receiver: r}
                receivers:
                  - name: r
                    webhook_configs:
                      - url: "https://h.example.com/\\"quoted\\"\\\\path\\ttab"
                """;
        String json = "{\"route\":{\"receiver\":\"r\"},\"receivers\":[{\"name\":\"r\",\"webhook_configs\":"
                + "[{\"url\":\"<secret>\"}]}]}";

        String restored = REDACTOR.restore(json, current);

        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = JsonCodec.MAPPER.readValue(restored, Map.class);
        assertThat(at(parsed, "receivers", 0, "webhook_configs", 0, "url"))
                .isEqualTo("https://h.example.com/\"quoted\"\\path\ttab");
    }

    @Test
    void restore_placeholderWithoutCurrentValue_namesEveryPath() {
        String edited = """
                route: {receiver: ops}
                receivers:
                  - name: ops
                    wecom_configs:
                      - url: <secret>
                    feishu_configs:
                      - url: <secret>
                      - url: <secret>
                  - name: renamed
                    pagerduty_configs:
                      - routing_key: <secret>
                """;

        assertThatThrownBy(() -> REDACTOR.restore(edited, CONFIG))
                .isInstanceOfSatisfying(SecretRedactor.MissingSecretException.class, e -> assertThat(e.missing())
                        .containsExactly(
                                new SecretRedactor.MissingSecret("receivers[0].feishu_configs[1].url", 8, 14),
                                new SecretRedactor.MissingSecret(
                                        "receivers[1].pagerduty_configs[0].routing_key", 11, 22)))
                .hasMessageNotContaining("LEAK");
    }

    @Test
    void restore_withoutPlaceholdersOrNotYaml_returnsTheTextAsItIs() {
        assertThat(REDACTOR.restore(CONFIG, "")).isSameAs(CONFIG);
        String broken = "route: [<secret>\n  url: {";
        assertThat(REDACTOR.restore(broken, CONFIG)).isSameAs(broken);
        // a placeholder outside a secret setting is an ordinary value
        String other =
                "route: {receiver: r}\nreceivers: [{name: r, webhook_configs: [{url: 'https://x', title: <secret>}]}]";
        assertThat(REDACTOR.restore(other, CONFIG)).isSameAs(other);
    }

    @Test
    void redactSettings_copiesOneIntegrationWithItsSecretsReplaced() {
        IntegrationConfig webhook = ConfigParser.parse(CONFIG, ServedChannels.registry()::find)
                .receivers()
                .get("ops")
                .get(0);

        Map<String, Object> redacted = REDACTOR.redact(webhook.settings(), "webhook");

        assertThat(redacted.toString()).doesNotContain("LEAK");
        assertThat(redacted).containsEntry("url", "<secret>").containsEntry("max_alerts", 5);
        assertThat(redacted.get("http_config"))
                .isEqualTo(Map.of("basic_auth", Map.of("username", "alice", "password", "<secret>")));
        assertThat(webhook.settings().get("url").toString()).contains("LEAK-webhook-path");
        Map<String, Object> empty = new LinkedHashMap<>();
        empty.put("secret", "");
        empty.put("url", null);
        assertThat(REDACTOR.redact(empty, "dingtalk")).isEqualTo(empty);
    }

    @Test
    void scrub_cutsUrlsToSchemeHostAndPort() {
        assertThat(SecretRedactor.scrub(
                        "Illegal character in query at index 60: https://user:pw@oapi.dingtalk.com:8443/robot/send"
                                + "?access_token=LEAK a"))
                .isEqualTo("Illegal character in query at index 60: https://oapi.dingtalk.com:8443/… a");
        assertThat(SecretRedactor.scrub("no url here")).isEqualTo("no url here");
        assertThat(SecretRedactor.scrub(null)).isNull();
    }
}
