package io.shopwatch.alert.notify.template;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Defaults of notification texts, under {@code shopwatch.alert.templates}; an integration's {@code language} and
 * {@code timezone} settings override them.
 *
 * @param language {@code zh} or {@code en} for every integration without a {@code language}; empty for Chinese on
 *     DingTalk, WeCom and Feishu and English elsewhere
 * @param timezone the zone times are written in for integrations without a {@code timezone}; empty for Asia/Shanghai
 *     in Chinese texts and UTC in English ones
 */
@ConfigurationProperties(prefix = "shopwatch.alert.templates")
public record TemplateProperties(
        @DefaultValue("") String language, @DefaultValue("") String timezone) {}
