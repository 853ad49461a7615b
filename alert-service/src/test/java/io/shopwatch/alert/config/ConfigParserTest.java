package io.shopwatch.alert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.channel.DingTalkNotifier;
import io.shopwatch.alert.testing.ServedChannels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

    @Test
    void parse_appliesAlertmanagerDefaults() {
        AlertmanagerConfig c = ConfigParser.parse("route: {receiver: r}\nreceivers: [{name: r}]\n");
        assertThat(c.resolveTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.route().options().groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.route().options().groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.route().options().repeatInterval()).isEqualTo(Duration.ofHours(4));
    }

    /** A service serving DingTalk only: the file's email integrations load and are not delivered. */
    private static final NotifierRegistry DING_ONLY =
            new NotifierRegistry(List.of(new ServedChannels.Declared(DingTalkNotifier.TRAITS)));

    @Test
    void parse_loadsARealAlertmanagerFileWithWarningsForWhatIsNotDeliveredYet() {
        AlertmanagerConfig c = ConfigParser.parse("""
                global:
                  resolve_timeout: 1m
                  slack_api_url: 'https://hooks.slack.com/services/x'
                  smtp_smarthost: 'localhost:25'
                  smtp_from: 'alertmanager@example.org'
                templates: ['/etc/alertmanager/templates/*.tmpl']
                route:
                  group_by: ['alertname', 'cluster', 'service']
                  group_wait: 30s
                  group_interval: 5m
                  repeat_interval: 3h
                  receiver: team-X-mails
                  routes:
                    - match_re:
                        service: ^(foo1|foo2|baz)$
                      receiver: team-X-mails
                      routes:
                        - match:
                            severity: critical
                          receiver: team-X-pager
                    - matchers: [service="files"]
                      receiver: team-Y-mails
                      mute_time_intervals: [offhours]
                inhibit_rules:
                  - source_match:
                      severity: 'critical'
                    target_match:
                      severity: 'warning'
                    equal: ['alertname', 'cluster', 'service']
                mute_time_intervals:
                  - name: offhours
                    time_intervals:
                      - weekdays: ['saturday', 'sunday']
                receivers:
                  - name: 'team-X-mails'
                    email_configs:
                      - to: 'team-X+alerts@example.org'
                  - name: 'team-X-pager'
                    pagerduty_configs:
                      - service_key: <team-X-key>
                  - name: 'team-Y-mails'
                    webhook_configs:
                      - url: 'http://hooks.example/y'
                        max_alerts: 10
                  - name: ding
                    dingtalk_configs:
                      - url: 'https://oapi.dingtalk.com/robot/send?access_token=x'
                """, DING_ONLY::find);
        assertThat(c.resolveTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.receivers()).containsOnlyKeys("team-X-mails", "team-X-pager", "team-Y-mails", "ding");
        assertThat(c.receivers().get("team-X-mails").get(0).sendResolved()).isFalse();
        assertThat(c.receivers().get("team-Y-mails").get(0).sendResolved()).isTrue();
        assertThat(c.inhibitRules()).hasSize(1);
        assertThat(c.warnings()).anyMatch(w -> w.contains("email_configs"));
        assertThat(c.warnings()).anyMatch(w -> w.contains("templates"));
    }

    @Test
    void globalSmtpSlackAndPagerDutySettings_areDefaultsOfTheirIntegrations() {
        AlertmanagerConfig c = ConfigParser.parse("""
                global:
                  slack_api_url: 'https://hooks.slack.com/services/T/B/x'
                  smtp_smarthost: 'smtp.shop.example:587'
                  smtp_from: 'alerts@shop.example'
                  smtp_auth_password: 'pw'
                  pagerduty_url: 'https://events.eu.pagerduty.com/v2/enqueue'
                route: {receiver: all}
                receivers:
                  - name: all
                    email_configs:
                      - to: ops@shop.example
                      - to: cto@shop.example
                        from: cto-alerts@shop.example
                    slack_configs:
                      - channel: '#ops'
                      - api_url_file: /run/secrets/slack
                    pagerduty_configs:
                      - routing_key: 0123456789abcdef0123456789abcdef
                """);
        var all = c.receivers().get("all");
        assertThat(all.get(0).settings())
                .containsEntry("smarthost", "smtp.shop.example:587")
                .containsEntry("from", "alerts@shop.example")
                .containsEntry("auth_password", "pw");
        assertThat(all.get(1).settings()).containsEntry("from", "cto-alerts@shop.example");
        assertThat(all.get(2).settings()).containsEntry("api_url", "https://hooks.slack.com/services/T/B/x");
        assertThat(all.get(3).settings()).doesNotContainKey("api_url");
        assertThat(all.get(4).settings()).containsEntry("url", "https://events.eu.pagerduty.com/v2/enqueue");
        assertThat(c.warnings()).noneMatch(w -> w.startsWith("global."));
    }

    @Test
    void parse_reportsEveryErrorWithItsLineAndColumn() {
        String yaml = """
                route:
                  receiver: missing
                  group_wiat: 30s
                  routes:
                    - matchers: ['a=~"("']
                      group_interval: 0s
                      mute_time_intervals: [nowhere]
                receivers:
                  - name: r
                  - name: r
                """;
        assertThatThrownBy(() -> ConfigParser.parse(yaml, ServedChannels.registry()::find))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::toString)
                        .containsExactly(
                                "line 2, column 13: route: undefined receiver \"missing\" used in route",
                                "line 3, column 3: route: unknown field \"group_wiat\"",
                                "line 5, column 18: route.routes[0].matchers: invalid regular expression \"(\":"
                                        + " missing closing )",
                                "line 6, column 23: route.routes[0].group_interval: group_interval cannot be zero",
                                "line 7, column 29: route: undefined time interval \"nowhere\" used in route",
                                "line 10, column 11: receivers[1].name: notification config name \"r\" is not unique"));
    }

    private static final String INTERNAL_URLS = """
            global:
              slack_api_url: 'http://192.168.1.10/slack'
              pagerduty_url: http://[::ffff:127.0.0.1]/v2/enqueue
            route:
              receiver: r
            receivers:
              - name: r
                webhook_configs:
                  - url: http://2130706433/hook
                  - url: https://hooks.example.com/ok
                dingtalk_configs:
                  - url: 'http://0x7f.1/robot/send?access_token=t0k3n'
                slack_configs:
                  - api_url: http://169.254.169.254/latest
                  - channel: '#ops'
                pagerduty_configs:
                  - routing_key: k
                    url: http://[fd00::1]:8080/
                discord_configs:
                  - webhook_url: http://100.64.0.1/
                feishu_configs:
                  - url: http://localhost:9/hook
            """;

    @Test
    void parse_withUrlCheck_refusesInternalHostsAtTheirLineAndColumn() {
        OutboundUrlPolicy policy = new OutboundUrlPolicy(List.of());
        assertThatThrownBy(() ->
                        ConfigParser.parse(INTERNAL_URLS, ServedChannels.registry()::find, policy::refusedAtStore))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.errors())
                            .extracting(err -> err.line() + ":" + err.column() + " " + err.path())
                            .containsExactly(
                                    "2:18 global.slack_api_url",
                                    "3:18 global.pagerduty_url",
                                    "9:14 receivers[0].webhook_configs[0].url",
                                    "12:14 receivers[0].dingtalk_configs[0].url",
                                    "14:18 receivers[0].slack_configs[0].api_url",
                                    "18:14 receivers[0].pagerduty_configs[0].url",
                                    "20:22 receivers[0].discord_configs[0].webhook_url",
                                    "22:14 receivers[0].feishu_configs[0].url");
                    assertThat(e.errors()).allSatisfy(err -> assertThat(err.message())
                            .contains("SHOPWATCH_WEBHOOK_ALLOWLIST")
                            .doesNotContain("t0k3n"));
                });
    }

    @Test
    void parse_withUrlCheck_acceptsAllowListedHostsAndReadsStoredOnesWithoutIt() {
        OutboundUrlPolicy policy = new OutboundUrlPolicy(List.of("127.0.0.1", "localhost", "10.0.0.0/8"));
        String yaml = """
                route: {receiver: r}
                receivers:
                  - name: r
                    webhook_configs:
                      - url: http://127.0.0.1:9093/hook
                      - url: http://2130706433/hook
                      - url: http://10.1.2.3/hook
                    feishu_configs:
                      - url: http://localhost:9/hook
                """;
        assertThat(ConfigParser.parse(yaml, ServedChannels.registry()::find, policy::refusedAtStore)
                        .receivers()
                        .get("r"))
                .hasSize(4);
        // a configuration already stored loads whatever the allow-list says now
        assertThat(ConfigParser.parse(INTERNAL_URLS, ServedChannels.registry()::find)
                        .receivers()
                        .get("r"))
                .hasSize(8);
    }

    @Test
    void parse_rejectsRootMatchersAndBrokenYamlWithPositions() {
        assertThatThrownBy(
                        () -> ConfigParser.parse("route:\n  receiver: r\n  matchers: [a=b]\nreceivers: [{name: r}]\n"))
                .hasMessageContaining("line 3, column 13: route.matchers: root route must not have any matchers");
        assertThatThrownBy(() -> ConfigParser.parse("route:\n  receiver: [\n"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.errors().get(0).line()).isEqualTo(3));
    }

    @Test
    void parse_readsTheJsonForm() {
        AlertmanagerConfig c = ConfigParser.parse(
                "{\"route\": {\"receiver\": \"r\", \"group_wait\": \"1s\"}, \"receivers\": [{\"name\": \"r\"}]}");
        assertThat(c.route().options().groupWait()).isEqualTo(Duration.ofSeconds(1));
    }
}
