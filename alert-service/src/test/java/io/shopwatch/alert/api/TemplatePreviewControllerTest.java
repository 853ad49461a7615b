package io.shopwatch.alert.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.shopwatch.alert.notify.template.ChannelLanguages;
import io.shopwatch.alert.notify.template.MustacheMessageRenderer;
import io.shopwatch.alert.notify.template.TemplateProperties;
import io.shopwatch.common.web.ProblemHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The preview endpoint over MockMvc with the service's problem handler (no security filters: access tokens are
 * covered by AlertSecurityTest for the whole API).
 */
class TemplatePreviewControllerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:30:00Z"), ZoneOffset.UTC);

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new TemplatePreviewController(
                    new MustacheMessageRenderer(CLOCK, new TemplateProperties("", ""), ChannelLanguages.BUILT_IN),
                    CLOCK))
            .setControllerAdvice(new ProblemHandler())
            .build();

    private ResultActions preview(String json) throws Exception {
        return mvc.perform(post("/api/v1/alerts/templates/preview")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    @Test
    void preview_withoutTemplates_rendersTheBuiltInTextForTheSampleGroup() throws Exception {
        preview("{\"language\":\"zh\",\"markup\":\"MARKDOWN\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("【告警:2】HighErrorRate checkout（critical）"))
                .andExpect(jsonPath("$.text").value(Matchers.containsString("实例 checkout-7f9c-2:8080")))
                .andExpect(jsonPath("$.text").value(Matchers.containsString("开始于 2026-11-25 18:05:00")));
        preview("{\"channel\":\"email\",\"markup\":\"html\",\"status\":\"resolved\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("[RESOLVED] HighErrorRate checkout (critical)"))
                .andExpect(jsonPath("$.text").value(Matchers.startsWith("<!DOCTYPE html>")));
    }

    @Test
    void preview_userTemplates_resolvedStatusAndTimezone() throws Exception {
        preview("{\"title\":\"{{commonLabels.alertname}} is {{status}}\","
                        + "\"text\":\"{{#alerts}}{{labels.instance}} until {{endsAtLocal}};{{/alerts}}\","
                        + "\"status\":\"resolved\",\"timezone\":\"Europe/Berlin\",\"markup\":\"TEXT\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("HighErrorRate is resolved"))
                .andExpect(jsonPath("$.text")
                        .value("checkout-7f9c-1:8080 until 2026-11-25 11:25:00;"
                                + "checkout-7f9c-2:8080 until 2026-11-25 11:25:00;"));
    }

    @Test
    void preview_documentedExample() throws Exception {
        preview("""
                        {"language": "en", "markup": "TEXT", "status": "firing",
                         "title": "{{commonLabels.alertname}} on {{commonLabels.service}}",
                         "text": "{{#alerts}}{{labels.instance}}: {{annotations.description}} ({{duration}})\\n{{/alerts}}"}
                        """)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("HighErrorRate on checkout"))
                .andExpect(
                        jsonPath("$.text")
                                .value(
                                        "checkout-7f9c-1:8080: 5xx ratio is 7.2% on checkout-7f9c-1:8080 (threshold 5%) (25m)\n"
                                                + "checkout-7f9c-2:8080: 5xx ratio is 6.1% on checkout-7f9c-2:8080 (threshold 5%) (12m)"));
    }

    @Test
    void preview_givenGroup_isRendered() throws Exception {
        preview("""
                        {"language":"en","markup":"SLACK_MRKDWN","group":{
                          "commonAnnotations":{"summary":"Payment provider timeouts"},
                          "alerts":[{"labels":{"alertname":"PaymentTimeout","service":"payment","severity":"warning",
                                               "instance":"payment-1:8080"},
                                     "startsAt":"2026-11-25T09:30:00Z"}]}}
                        """)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("[FIRING:1] PaymentTimeout (payment-1:8080 payment warning)"))
                .andExpect(jsonPath("$.text").value(Matchers.containsString("*Payment provider timeouts*")))
                .andExpect(jsonPath("$.text").value(Matchers.containsString("firing for 1h")));
    }

    @Test
    void preview_syntaxError_is400ProblemWithTemplateAndLine() throws Exception {
        preview("{\"title\":\"ok\",\"text\":\"first line\\n{{#alerts}}\\n{{labels.instance}}\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://shopwatch.io/problems/validation"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("template text line 2")))
                .andExpect(jsonPath("$.errors[0].template").value("text"))
                .andExpect(jsonPath("$.errors[0].line").value(2))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("alerts")));
    }

    @Test
    void preview_unknownStatusOrMarkup_is400() throws Exception {
        preview("{\"status\":\"pending\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("status must be firing or resolved, not pending"));
        preview("{\"markup\":\"bbcode\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://shopwatch.io/problems/validation"));
        preview("{\"group\":{\"alerts\":[]}}").andExpect(status().isBadRequest());
    }
}
