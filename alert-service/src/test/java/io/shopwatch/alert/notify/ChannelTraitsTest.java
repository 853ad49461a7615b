package io.shopwatch.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.alert.config.ConfigParser;
import io.shopwatch.alert.notify.ChannelTraits.RateLimit;
import io.shopwatch.alert.notify.channel.DingTalkNotifier;
import io.shopwatch.alert.notify.channel.WeComNotifier;
import io.shopwatch.alert.secrets.SecretRedactor;
import io.shopwatch.alert.testing.ServedChannels;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each channel declares its traits; the registry answers for all of them. */
class ChannelTraitsTest {

    static final List<ChannelTraits> ALL = ServedChannels.TRAITS;

    static NotifierRegistry registry() {
        return ServedChannels.registry();
    }

    @Test
    void registry_answersWithWhatEachChannelDeclares() {
        NotifierRegistry registry = registry();

        assertThat(registry.digestTypes()).containsExactlyInAnyOrder("dingtalk", "wecom", "feishu", "slack");
        assertThat(registry.traits("email").orElseThrow().sendResolvedByDefault())
                .isFalse();
        assertThat(registry.traits("webhook").orElseThrow().sendResolvedByDefault())
                .isTrue();
        assertThat(registry.traits("dingtalk").orElseThrow().defaultLanguage()).isEqualTo("zh");
        assertThat(registry.traits("slack").orElseThrow().defaultLanguage()).isEqualTo("en");
        assertThat(registry.traits("feishu").orElseThrow().rateLimits())
                .containsExactly(
                        new RateLimit(100, 100, Duration.ofMinutes(1)), new RateLimit(5, 5, Duration.ofSeconds(1)));
        assertThat(registry.traits("pagerduty").orElseThrow().rateLimits()).isEmpty();
        assertThat(registry.traits("pagerduty").orElseThrow().secretSettings())
                .isEqualTo(Set.of("routing_key", "service_key"));
        assertThat(registry.traits("discord")).isEmpty();
        assertThat(registry.allTraits()).hasSize(7);
    }

    @Test
    void section_isTheTypeWithConfigs() {
        assertThat(DingTalkNotifier.TRAITS.section()).isEqualTo("dingtalk_configs");
    }

    @Test
    void aNotifierWithoutDeclaredTraits_hasNone() {
        Notifier bare = new Notifier() {
            @Override
            public String type() {
                return "bare";
            }

            @Override
            public void send(IntegrationConfig integration, Notification notification, Duration timeout) {}
        };

        assertThat(bare.traits()).isEqualTo(ChannelTraits.of("bare"));
        assertThat(new NotifierRegistry(List.of(bare)).digestTypes()).isEmpty();
    }

    @Test
    void traitsOfAnotherType_areRefused() {
        assertThatThrownBy(() -> new NotifierRegistry(List.of(new Notifier() {
                    @Override
                    public String type() {
                        return "mine";
                    }

                    @Override
                    public ChannelTraits traits() {
                        return WebhookNotifier.TRAITS;
                    }

                    @Override
                    public void send(IntegrationConfig i, Notification n, Duration t) {}
                })))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("declares the traits of webhook");
    }

    @Test
    void aNewChannel_isOneClass_itsSectionParsesWithItsDefaults() {
        ChannelTraits matrix = ChannelTraits.of("matrix").withResolvedOffByDefault();
        String yaml = """
                route: {receiver: r}
                receivers:
                  - name: r
                    matrix_configs: [{room: ops}]
                """;

        assertThatThrownBy(() -> ConfigParser.parse(yaml, type -> Optional.empty()))
                .hasMessageContaining("field matrix_configs not found");
        List<IntegrationConfig> parsed = ConfigParser.parse(
                        yaml, new NotifierRegistry(List.of(new ServedChannels.Declared(matrix)))::find)
                .receivers()
                .get("r");
        assertThat(parsed).singleElement().satisfies(i -> {
            assertThat(i.type()).isEqualTo("matrix");
            assertThat(i.sendResolved()).isFalse();
            assertThat(i.settings()).containsEntry("room", "ops");
        });
    }

    /**
     * The redactor asks the registry: a channel's declared secrets are redacted even for a type Alertmanager does not
     * know, and the served channels' secrets are exactly what they declare.
     */
    @Test
    void secretRedactor_redactsWhatEachRegisteredChannelDeclares() {
        ChannelTraits matrix = ChannelTraits.of("matrix").withSecrets("room_token");
        NotifierRegistry registry = new NotifierRegistry(
                List.of(new ServedChannels.Declared(matrix), new ServedChannels.Declared(WeComNotifier.TRAITS)));
        SecretRedactor redactor = new SecretRedactor(registry.secretSettings());
        String yaml = """
                route: {receiver: r}
                receivers:
                  - name: r
                    matrix_configs:
                      - room: ops
                        room_token: LEAK-matrix
                    wecom_configs:
                      - url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=LEAK-wecom
                """;

        String redacted = redactor.redact(yaml);

        assertThat(redacted).doesNotContain("LEAK").contains("room: ops");
        assertThat(redactor.secretPaths("matrix")).contains("room_token");
        for (ChannelTraits t : ALL) {
            assertThat(ServedChannels.redactor().secretPaths(t.type()))
                    .as(t.type())
                    .containsAll(t.secretSettings());
        }
    }
}
