package io.shopwatch.alert.notify.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.NotifierRegistry;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.channel.DingTalkNotifier;
import io.shopwatch.alert.notify.email.EmailNotifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The beans TemplateConfiguration declares and the settings they are bound from. */
class TemplateConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(TemplateConfiguration.class)
            .withBean(Clock.class, Clock::systemUTC)
            .withBean(OutboundUrlPolicy.class, () -> new OutboundUrlPolicy(List.of()));

    @Test
    void declaresRendererAndEmailNotifier() {
        context.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx).hasSingleBean(MessageRenderer.class).hasBean("messageRenderer");
            assertThat(ctx).hasSingleBean(EmailNotifier.class).hasBean("emailNotifier");
            assertThat(ctx.getBeansOfType(Notifier.class)).containsOnlyKeys("emailNotifier");
            assertThat(ctx.getBean(EmailNotifier.class).type()).isEqualTo("email");
            // without service defaults an integration must name from and smarthost
            assertThat(ctx.getBean(EmailNotifier.class).validate(Map.of("to", "a@shop.example")))
                    .hasSize(2);
        });
    }

    @Test
    void bindsServiceDefaults() {
        context.withPropertyValues(
                        "shopwatch.alert.templates.language=zh",
                        "shopwatch.alert.templates.timezone=Asia/Tokyo",
                        "shopwatch.alert.email.smarthost=smtp.shop.example:587",
                        "shopwatch.alert.email.from=alerts@shop.example",
                        "shopwatch.alert.email.require-tls=false")
                .run(ctx -> {
                    MustacheMessageRenderer renderer = ctx.getBean(MustacheMessageRenderer.class);
                    assertThat(renderer.languageOf("slack", Map.of())).isEqualTo("zh");
                    assertThat(renderer.zoneOf("zh", Map.of()).getId()).isEqualTo("Asia/Tokyo");
                    assertThat(ctx.getBean(EmailNotifier.class).validate(Map.of("to", "a@shop.example")))
                            .isEmpty();
                });
    }

    @Test
    void channelDefaultLanguage_comesFromTheRegistrysTraits() {
        context.withBean(
                        NotifierRegistry.class,
                        () -> new NotifierRegistry(List.of(new Notifier() {
                            @Override
                            public String type() {
                                return "dingtalk";
                            }

                            @Override
                            public ChannelTraits traits() {
                                return DingTalkNotifier.TRAITS;
                            }

                            @Override
                            public void send(IntegrationConfig i, Notification n, Duration t) {}
                        })))
                .run(ctx -> {
                    MustacheMessageRenderer renderer = ctx.getBean(MustacheMessageRenderer.class);
                    assertThat(renderer.languageOf("dingtalk", Map.of())).isEqualTo("zh");
                    assertThat(renderer.languageOf("slack", Map.of())).isEqualTo("en");
                    assertThat(renderer.languageOf("dingtalk", Map.of("language", "en")))
                            .isEqualTo("en");
                });
    }
}
