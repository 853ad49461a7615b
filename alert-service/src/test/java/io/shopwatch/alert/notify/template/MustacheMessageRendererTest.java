package io.shopwatch.alert.notify.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.template.MessageRenderer.Markup;
import io.shopwatch.alert.notify.template.MessageRenderer.Rendered;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Built-in texts in both languages and every markup, user templates, escaping, validation and fallback. */
class MustacheMessageRendererTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:30:00Z");

    private final MustacheMessageRenderer renderer = renderer("", "");

    private static MustacheMessageRenderer renderer(String language, String timezone) {
        return new MustacheMessageRenderer(
                Clock.fixed(NOW, ZoneOffset.UTC),
                new TemplateProperties(language, timezone),
                ChannelLanguages.BUILT_IN);
    }

    private static IntegrationConfig integration(String type, Map<String, Object> settings) {
        return new IntegrationConfig(type, 0, true, settings);
    }

    private static Notification firing() {
        return SampleNotifications.checkoutErrors(false, NOW);
    }

    private static Notification resolved() {
        return SampleNotifications.checkoutErrors(true, NOW);
    }

    @Test
    void render_defaultTitles_likeAlertmanagersSubject() {
        assertThat(renderer.render(integration("email", Map.of()), firing(), Markup.HTML)
                        .title())
                .isEqualTo("[FIRING:2] HighErrorRate checkout (critical)");
        assertThat(renderer.render(integration("slack", Map.of()), resolved(), Markup.SLACK_MRKDWN)
                        .title())
                .isEqualTo("[RESOLVED] HighErrorRate checkout (critical)");
        assertThat(renderer.render(integration("dingtalk", Map.of()), firing(), Markup.MARKDOWN)
                        .title())
                .isEqualTo("【告警:2】HighErrorRate checkout（critical）");
        assertThat(renderer.render(integration("wecom", Map.of()), resolved(), Markup.WECOM_MARKDOWN)
                        .title())
                .isEqualTo("【已恢复】HighErrorRate checkout（critical）");
    }

    @Test
    void render_everyBuiltInTemplate_rendersCompletely() {
        for (String language : List.of("zh", "en")) {
            for (Markup markup : Markup.values()) {
                for (Notification n : List.of(firing(), resolved())) {
                    Rendered r = renderer.render(integration("webhook", Map.of("language", language)), n, markup);
                    assertThat(r.text())
                            .as("%s %s %s", language, markup, n.status())
                            .contains("checkout-7f9c-1:8080", "checkout-7f9c-2:8080", "Checkout 5xx ratio above 5%")
                            .contains("https://alerts.shopwatch.example.com/api/v1/alerts/groups/6b7c790fb52db484")
                            .contains("level%3Derror")
                            .doesNotContain("{{", "}}");
                    assertThat(r.title()).doesNotContain("\n", "{{");
                }
            }
        }
    }

    @Test
    void render_firingBody_hasKeyLabelsTimesLinksOnCallAndEscalation() {
        String en = renderer.render(integration("webhook", Map.of()), firing(), Markup.MARKDOWN)
                .text();
        assertThat(en)
                .startsWith("### [FIRING:2] HighErrorRate checkout (critical)")
                .contains("**Checkout 5xx ratio above 5%**")
                .contains("- **HighErrorRate** · service checkout · instance checkout-7f9c-1:8080 · critical\n"
                        + "  started 2026-11-25 10:05:00 (UTC), firing for 25m\n"
                        + "  5xx ratio is 7.2% on checkout-7f9c-1:8080 (threshold 5%)\n")
                .doesNotContain("> 5xx ratio")
                .contains("started 2026-11-25 10:18:00 (UTC), firing for 12m")
                .contains("On call: **Alice Wang** (13800000000)")
                .contains("Escalation payments-critical: step 1 of 3")
                .contains("[Logs](https://shopwatch.example.com/logs?")
                .contains("[Runbook](https://runbooks.example.com/checkout/high-error-rate)")
                .contains(
                        "[Acknowledge](https://alerts.shopwatch.example.com/api/v1/alerts/groups/6b7c790fb52db484/ack?token=sample)")
                .doesNotContain("\n\n\n");

        String zh = renderer.render(integration("dingtalk", Map.of()), firing(), Markup.MARKDOWN)
                .text();
        assertThat(zh)
                .startsWith("### 【告警:2】HighErrorRate checkout（critical）")
                .contains("- **HighErrorRate** · 服务 checkout · 实例 checkout-7f9c-1:8080 · critical")
                .contains("开始于 2026-11-25 18:05:00，已持续 25分钟")
                .contains("值班人：**Alice Wang**（13800000000）")
                .contains("升级策略 payments-critical：第 1/3 级")
                .contains("[一键认领](");
    }

    @Test
    void render_resolvedBody_saysWhenAndHowLong() {
        String en = renderer.render(integration("email", Map.of()), resolved(), Markup.TEXT)
                .text();
        assertThat(en)
                .startsWith("[RESOLVED] HighErrorRate checkout (critical)")
                .contains("resolved 2026-11-25 10:25:00 (UTC) after 20m")
                .doesNotContain("Acknowledge:");
        String zh = renderer.render(integration("feishu", Map.of()), resolved(), Markup.MARKDOWN)
                .text();
        assertThat(zh).contains("恢复于 2026-11-25 18:25:00，持续 20分钟").contains("（已恢复）");
    }

    @Test
    void render_acknowledgedGroup_namesWhoAndDropsTheAckLink() {
        Notification acked = SampleNotifications.acknowledged(firing(), "alice", "looking into it", NOW);
        String en = renderer.render(integration("email", Map.of()), acked, Markup.TEXT)
                .text();
        assertThat(en)
                .contains("Acknowledged by alice at 2026-11-25 10:20:00: looking into it (until 2026-11-25 12:30:00)")
                .doesNotContain("Acknowledge:");
        String zh = renderer.render(integration("wecom", Map.of()), acked, Markup.WECOM_MARKDOWN)
                .text();
        assertThat(zh).contains("已由 alice 于 2026-11-25 18:20:00 认领").doesNotContain("一键认领");
        String html = renderer.render(integration("email", Map.of()), acked, Markup.HTML)
                .text();
        assertThat(html).contains("Acknowledged by <strong>alice</strong> at 2026-11-25 10:20:00");
    }

    @Test
    void render_wecomAndSlackDefaults_useTheirMarkup() {
        String wecom = renderer.render(integration("wecom", Map.of()), firing(), Markup.WECOM_MARKDOWN)
                .text();
        assertThat(wecom).contains("<font color=\"warning\">【告警:2】</font>", "<font color=\"comment\">开始于");
        String slack = renderer.render(integration("slack", Map.of()), firing(), Markup.SLACK_MRKDWN)
                .text();
        assertThat(slack)
                .startsWith("*[FIRING:2] HighErrorRate checkout (critical)*")
                .contains("<https://alerts.shopwatch.example.com/api/v1/alerts/groups/6b7c790fb52db484|Alert group>");
    }

    @Test
    void language_defaultsByChannel_andCanBeConfigured() {
        assertThat(renderer.languageOf("dingtalk", Map.of())).isEqualTo("zh");
        assertThat(renderer.languageOf("feishu", Map.of())).isEqualTo("zh");
        assertThat(renderer.languageOf("wecom", Map.of())).isEqualTo("zh");
        assertThat(renderer.languageOf("email", Map.of())).isEqualTo("en");
        assertThat(renderer.languageOf("dingtalk", Map.of("language", "en"))).isEqualTo("en");
        assertThat(renderer.languageOf("slack", Map.of("language", "zh-CN"))).isEqualTo("zh");
        assertThat(renderer("zh", "").languageOf("email", Map.of())).isEqualTo("zh");
        assertThat(renderer("en", "").languageOf("dingtalk", Map.of())).isEqualTo("en");
    }

    @Test
    void timezone_settingOrConfiguredDefault() {
        String text = renderer.render(integration("email", Map.of("timezone", "Europe/Berlin")), firing(), Markup.TEXT)
                .text();
        assertThat(text).contains("started 2026-11-25 11:05:00 (Europe/Berlin)");
        String configured = renderer("", "Asia/Tokyo")
                .render(integration("dingtalk", Map.of()), firing(), Markup.TEXT)
                .text();
        assertThat(configured).contains("开始于 2026-11-25 19:05:00");
    }

    @Test
    void render_userTemplates_withMapsListsAndResolvedVariant() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("title", "{{commonLabels.alertname}} on {{commonLabels.service}} is {{status}}");
        settings.put(
                "text",
                "{{#commonLabelsList}}{{name}}={{value}}{{^-last}},{{/-last}}{{/commonLabelsList}}"
                        + " | {{#alerts}}{{labels.instance}}:{{annotations.summary}};{{/alerts}}"
                        + " | {{alertCount}}/{{firingCount}}/{{resolvedCount}} {{receiver}} {{reason}}");
        settings.put("text_resolved", "all good, {{resolvedCount}} resolved ({{groupKey}})");
        IntegrationConfig integration = integration("webhook", settings);

        Rendered f = renderer.render(integration, firing(), Markup.MARKDOWN);
        assertThat(f.title()).isEqualTo("HighErrorRate on checkout is firing");
        assertThat(f.text())
                .isEqualTo("alertname=HighErrorRate,service=checkout,severity=critical"
                        + " | checkout-7f9c-1:8080:Checkout 5xx ratio above 5%;"
                        + "checkout-7f9c-2:8080:Checkout 5xx ratio above 5%;"
                        + " | 2/2/0 payments-oncall first notification");

        Rendered r = renderer.render(integration, resolved(), Markup.MARKDOWN);
        assertThat(r.title()).isEqualTo("HighErrorRate on checkout is resolved");
        assertThat(r.text()).isEqualTo("all good, 2 resolved (" + SampleNotifications.GROUP_KEY + ")");
    }

    @Test
    void render_alertVariables_asDocumented() {
        Rendered r = renderer.render(
                integration(
                        "email",
                        Map.of(
                                "text",
                                "{{#alerts}}{{-index}} {{fingerprint}} {{startsAt}} {{endsAt}}|{{summary}}|"
                                        + "{{#labelsList}}{{name}}={{value}},{{/labelsList}}{{/alerts}}"
                                        + " {{groupLabelValues}}/{{otherCommonLabelValues}}/{{severity}}/{{now}}"
                                        + "/{{timezone}}/{{language}}/{{groupId}}/{{#onCall}}{{email}}{{/onCall}}")),
                firing(),
                Markup.TEXT);
        assertThat(r.text())
                .isEqualTo("1 2775e98cf03d64a8 2026-11-25T10:05:00Z |"
                        + "|alertname=HighErrorRate,instance=checkout-7f9c-1:8080,service=checkout,severity=critical,"
                        + "2 8c2860dba938efcb 2026-11-25T10:18:00Z |"
                        + "|alertname=HighErrorRate,instance=checkout-7f9c-2:8080,service=checkout,severity=critical,"
                        + " HighErrorRate checkout/critical/critical/2026-11-25 10:30:00/UTC/en/6b7c790fb52db484"
                        + "/alice@example.com");
    }

    @Test
    void escaping_htmlBodiesOnly() {
        Map<String, Object> settings = Map.of(
                "title", "<{{commonAnnotations.summary}}> & co",
                "text", "{{description}} <b>",
                "html", "<p>{{description}}</p>");
        Notification n = SampleNotifications.checkoutErrors(false, NOW);
        Notification tricky = new Notification(
                n.org(),
                n.receiver(),
                n.status(),
                n.alerts(),
                n.groupLabels(),
                n.commonLabels(),
                Map.of("summary", "a<b", "description", "x & <y>"),
                n.externalURL(),
                n.groupKey(),
                0,
                n.reason(),
                n.extras());
        Rendered html = renderer.render(integration("email", settings), tricky, Markup.HTML);
        assertThat(html.text()).isEqualTo("<p>x &amp; &lt;y&gt;</p>");
        assertThat(html.title()).isEqualTo("<a<b> & co");
        Rendered md = renderer.render(integration("email", settings), tricky, Markup.MARKDOWN);
        assertThat(md.text()).isEqualTo("x & <y> <b>");
    }

    @Test
    void templates_reachNoJavaObject() {
        Rendered r = renderer.render(
                integration("webhook", Map.of("text", "[{{status.class}}][{{alerts.class.name}}][{{now.bytes}}]")),
                firing(),
                Markup.TEXT);
        assertThat(r.text()).isEqualTo("[][][]");
    }

    @Test
    void check_reportsSyntaxErrorsWithTheirLine() {
        List<TemplateError> errors = renderer.check(Map.of("text", "line one\n{{#alerts}}\nno close"));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.setting()).isEqualTo("text");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).contains("alerts");
        });
        assertThat(renderer.validate(Map.of("title_resolved", "a\nb\n{{/x}}")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("template title_resolved line 3: ")
                .contains("'x'");
    }

    @Test
    void check_reportsPartialsUnknownLanguageAndZone() {
        assertThat(renderer.validate(Map.of("html", "{{> header}}")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("partials");
        assertThat(renderer.validate(Map.of("language", "fr", "timezone", "Mars/Olympus")))
                .containsExactly(
                        "template language: language must be zh or en, not fr",
                        "template timezone: unknown time zone Mars/Olympus");
        assertThat(renderer.validate(Map.of("title", "{{status}}", "text", "{{#alerts}}{{fingerprint}}{{/alerts}}")))
                .isEmpty();
    }

    @Test
    void render_templateFailingAtRenderTime_fallsBackToTheBuiltIn() {
        Rendered r = renderer.render(
                integration("webhook", Map.of("title", "{{> nope}}", "text", "{{#alerts}}broken")),
                firing(),
                Markup.TEXT);
        assertThat(r.title()).isEqualTo("[FIRING:2] HighErrorRate checkout (critical)");
        assertThat(r.text())
                .startsWith("[FIRING:2] HighErrorRate checkout (critical)")
                .contains("Firing alerts:");
    }

    @Test
    void humanDuration_twoLargestUnits() {
        assertThat(TemplateData.humanDuration(Duration.ofSeconds(42), "en")).isEqualTo("42s");
        assertThat(TemplateData.humanDuration(Duration.ofMinutes(65), "en")).isEqualTo("1h 5m");
        assertThat(TemplateData.humanDuration(Duration.ofHours(50).plusMinutes(3), "en"))
                .isEqualTo("2d 2h");
        assertThat(TemplateData.humanDuration(Duration.ofHours(3).plusSeconds(4), "en"))
                .isEqualTo("3h");
        assertThat(TemplateData.humanDuration(Duration.ofMinutes(65), "zh")).isEqualTo("1小时5分钟");
        assertThat(TemplateData.humanDuration(Duration.ZERO, "zh")).isEqualTo("0秒");
    }
}
