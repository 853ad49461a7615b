package io.shopwatch.alert.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.template.ChannelLanguages;
import io.shopwatch.alert.notify.template.MustacheMessageRenderer;
import io.shopwatch.alert.notify.template.SampleNotifications;
import io.shopwatch.alert.notify.template.TemplateProperties;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The e-mail channel against a real SMTP server (GreenMail) and, for SMTP failures, a stub server. */
class EmailNotifierTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@shop.example", "alerts", "secret"));

    private static final MustacheMessageRenderer RENDERER =
            new MustacheMessageRenderer(CLOCK, new TemplateProperties("", ""), ChannelLanguages.BUILT_IN);

    private static EmailNotifier notifier(List<String> allowed, EmailProperties defaults) {
        return new EmailNotifier(new OutboundUrlPolicy(allowed), RENDERER, CLOCK, defaults);
    }

    private static EmailNotifier notifier() {
        return notifier(List.of("127.0.0.1"), new EmailProperties("", "", true));
    }

    private static Map<String, Object> settings(int port) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("to", "oncall@shop.example, Payments Team <payments@shop.example>");
        s.put("from", "ShopWatch <alerts@shop.example>");
        s.put("smarthost", "127.0.0.1:" + port);
        s.put("hello", "shopwatch.test");
        s.put("auth_username", "alerts");
        s.put("auth_password", "secret");
        s.put("require_tls", false);
        return s;
    }

    private static IntegrationConfig email(Map<String, Object> settings) {
        return new IntegrationConfig("email", 0, false, settings);
    }

    private static String expectedThread() throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256")
                .digest(SampleNotifications.GROUP_KEY.getBytes(StandardCharsets.UTF_8));
        return "<alert-" + HexFormat.of().formatHex(d).substring(0, 16) + "-2026-11-25@shopwatch>";
    }

    private static MimeMessage receivedBy(String address) throws Exception {
        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address))) {
                return m;
            }
        }
        throw new AssertionError("no message to " + address);
    }

    private static List<String> addresses(Address[] addresses) {
        return Arrays.stream(addresses)
                .map(a -> ((InternetAddress) a).getAddress())
                .toList();
    }

    @Test
    void send_firing_deliversMultipartAlternativeWithThreadingHeaders() throws Exception {
        Notification firing = SampleNotifications.checkoutErrors(false, NOW);
        notifier().send(email(settings(smtp.getSmtp().getPort())), firing, Duration.ofSeconds(5));

        assertThat(smtp.waitForIncomingEmail(5000, 3)).isTrue();
        MimeMessage m = receivedBy("oncall@shop.example");
        assertThat(m.getSubject()).isEqualTo("[FIRING:2] HighErrorRate checkout (critical)");
        assertThat(addresses(m.getFrom())).containsExactly("alerts@shop.example");
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("ShopWatch");
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO)))
                .containsExactly("oncall@shop.example", "payments@shop.example", "alice@example.com");
        assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(m.getHeader("References", null)).isEqualTo(expectedThread());
        assertThat(m.getHeader("In-Reply-To", null)).isEqualTo(expectedThread());
        assertThat(m.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(m.getMessageID()).isNotBlank();

        assertThat(m.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType())
                .startsWith("text/plain")
                .containsIgnoringCase("utf-8");
        assertThat(parts.getBodyPart(0).getContent().toString())
                .startsWith("[FIRING:2] HighErrorRate checkout (critical)")
                .contains("checkout-7f9c-1:8080", "firing for 25m", "On call: Alice Wang", "Acknowledge: https://");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(parts.getBodyPart(1).getContent().toString())
                .contains("<!DOCTYPE html>", "checkout-7f9c-2:8080", "Checkout 5xx ratio above 5%", ">Acknowledge</a>");
    }

    @Test
    void send_resolved_sameThreadCustomSubjectAndTemplates() throws Exception {
        Map<String, Object> s = settings(smtp.getSmtp().getPort());
        s.put(
                "headers",
                Map.of("Subject", "已恢复：{{commonLabels.alertname}} @ {{commonLabels.service}}", "X-Team", "payments"));
        s.put("text", "{{status}}: {{#alerts}}{{labels.instance}} {{/alerts}}");
        s.put("html", "<p>{{resolvedCount}} resolved</p>");
        Notification resolved = SampleNotifications.checkoutErrors(true, NOW);
        notifier().send(email(s), resolved, Duration.ofSeconds(5));

        MimeMessage m = receivedBy("payments@shop.example");
        assertThat(m.getSubject()).isEqualTo("已恢复：HighErrorRate @ checkout");
        assertThat(m.getHeader("X-Team", null)).isEqualTo("payments");
        assertThat(m.getHeader("References", null)).isEqualTo(expectedThread());
        assertThat(m.getHeader("In-Reply-To", null)).isEqualTo(expectedThread());
        assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getBodyPart(0).getContent().toString())
                .isEqualTo("resolved: checkout-7f9c-1:8080 checkout-7f9c-2:8080");
        assertThat(parts.getBodyPart(1).getContent().toString()).isEqualTo("<p>2 resolved</p>");
    }

    @Test
    void send_defaultTitleForResolved_andServiceDefaults() throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("to", "oncall@shop.example");
        s.put("auth_username", "alerts");
        s.put("auth_password", "secret");
        EmailNotifier withDefaults = notifier(
                List.of("127.0.0.1"),
                new EmailProperties("127.0.0.1:" + smtp.getSmtp().getPort(), "alerts@shop.example", false));
        withDefaults.send(email(s), SampleNotifications.checkoutErrors(true, NOW), Duration.ofSeconds(5));

        MimeMessage m = receivedBy("oncall@shop.example");
        assertThat(m.getSubject()).isEqualTo("[RESOLVED] HighErrorRate checkout (critical)");
        assertThat(addresses(m.getFrom())).containsExactly("alerts@shop.example");
    }

    @Test
    void send_sameServerSettings_reuseOneSender() throws Exception {
        EmailNotifier n = notifier();
        Map<String, Object> s = settings(smtp.getSmtp().getPort());
        n.send(email(s), SampleNotifications.checkoutErrors(false, NOW), Duration.ofSeconds(5));
        Map<String, Object> otherTemplates = new LinkedHashMap<>(s);
        otherTemplates.put("to", "someone@shop.example");
        otherTemplates.put("text", "{{status}}");
        n.send(email(otherTemplates), SampleNotifications.checkoutErrors(true, NOW), Duration.ofSeconds(5));
        assertThat(n.cachedSenders()).isEqualTo(1);
        Map<String, Object> otherHello = new LinkedHashMap<>(s);
        otherHello.put("hello", "other.shopwatch.test");
        n.send(email(otherHello), SampleNotifications.checkoutErrors(true, NOW), Duration.ofSeconds(5));
        assertThat(n.cachedSenders()).isEqualTo(2);
        assertThat(smtp.waitForIncomingEmail(5000, 6)).isTrue();
    }

    @Test
    void threadId_isAlertmanagersSyntheticRoot() {
        EmailNotifier n = notifier();
        // sha256 of this key starts 6b7c790fb52db484 (test vector of the alerting reference)
        assertThat(n.threadId("{}/{team=\"payments\"}:{alertname=\"HighErrorRate\"}", true))
                .isEqualTo("<alert-6b7c790fb52db484-2026-11-25@shopwatch>");
        assertThat(n.threadId("{}/{team=\"payments\"}:{alertname=\"HighErrorRate\"}", false))
                .isEqualTo("<alert-6b7c790fb52db484@shopwatch>");
    }

    @Test
    void send_requireTlsAgainstPlainServer_isRefusedPermanently() {
        Map<String, Object> s = settings(smtp.getSmtp().getPort());
        s.remove("require_tls");
        assertThatThrownBy(() -> notifier()
                        .send(email(s), SampleNotifications.checkoutErrors(false, NOW), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("no STARTTLS");
                });
    }

    @Test
    void send_wrongPassword_isPermanent() {
        Map<String, Object> s = settings(smtp.getSmtp().getPort());
        s.put("auth_password", "wrong");
        assertThatThrownBy(() -> notifier()
                        .send(email(s), SampleNotifications.checkoutErrors(false, NOW), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.providerAnswer())
                            .hasValueSatisfying(a -> assertThat(a).startsWith("535"));
                });
    }

    @Test
    void send_unreachablePort_isRetryable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, Object> s = settings(port);
        assertThatThrownBy(() -> notifier()
                        .send(email(s), SampleNotifications.checkoutErrors(false, NOW), Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("cannot reach SMTP server 127.0.0.1");
                });
    }

    @Test
    void send_recipientRejectedWith5xx_isPermanentWithTheReply() throws Exception {
        try (StubSmtpServer stub = new StubSmtpServer(
                "220 stub ESMTP", "550 5.1.1 <oncall@shop.example>: Recipient address rejected: User unknown")) {
            Map<String, Object> s = settings(stub.port());
            s.remove("auth_username");
            assertThatThrownBy(() -> notifier()
                            .send(email(s), SampleNotifications.checkoutErrors(false, NOW), Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("answered 550");
                        assertThat(e.providerAnswer())
                                .hasValueSatisfying(a -> assertThat(a).contains("550 5.1.1", "User unknown"));
                    });
        }
    }

    @Test
    void send_recipientDeferredWith4xx_isRetryable() throws Exception {
        try (StubSmtpServer stub = new StubSmtpServer("220 stub ESMTP", "450 4.2.1 mailbox busy, try later")) {
            Map<String, Object> s = settings(stub.port());
            s.remove("auth_username");
            assertThatThrownBy(() -> notifier()
                            .send(email(s), SampleNotifications.checkoutErrors(false, NOW), Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.providerAnswer())
                                .hasValueSatisfying(a -> assertThat(a).contains("450 4.2.1"));
                    });
        }
    }

    @Test
    void send_serverClosingDownWith421_isRetryable() throws Exception {
        try (StubSmtpServer stub = new StubSmtpServer("421 4.3.2 service shutting down", "250 OK")) {
            Map<String, Object> s = settings(stub.port());
            s.remove("auth_username");
            assertThatThrownBy(() -> notifier()
                            .send(email(s), SampleNotifications.checkoutErrors(false, NOW), Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable())
                            .isTrue());
        }
    }

    @Test
    void send_internalSmtpHostNotAllowListed_isRefusedPermanently() {
        Map<String, Object> s = settings(smtp.getSmtp().getPort());
        assertThatThrownBy(() -> notifier(List.of(), new EmailProperties("", "", true))
                        .send(email(s), SampleNotifications.checkoutErrors(false, NOW), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("internal address 127.0.0.1");
                });
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void validate_requiresToFromAndSmarthostUnlessDefaulted() {
        EmailNotifier n = notifier();
        assertThat(n.validate(Map.of()))
                .contains(
                        "missing to address in email config",
                        "missing from address in email config (and no SMTP default ALERT_SMTP_FROM)",
                        "missing smarthost in email config (and no SMTP default ALERT_SMTP_SMARTHOST)");
        assertThat(n.validate(Map.of("to", "not an address", "from", "a@b.example", "smarthost", "mail.example")))
                .anySatisfy(p -> assertThat(p).startsWith("invalid to address"))
                .anySatisfy(p -> assertThat(p).startsWith("smarthost must be host:port"));
        assertThat(n.validate(Map.of("to", "a@b.example", "from", "a@b.example", "smarthost", "mail.example:587")))
                .isEmpty();
        EmailNotifier defaulted = notifier(
                List.of("127.0.0.1"), new EmailProperties("smtp.shop.example:587", "alerts@shop.example", true));
        assertThat(defaulted.validate(Map.of("to", "oncall@shop.example"))).isEmpty();
    }

    @Test
    void validate_reportsTemplateErrorsIncludingHeaders() {
        Map<String, Object> s = Map.of(
                "to", "a@b.example",
                "from", "a@b.example",
                "smarthost", "mail.example:25",
                "require_tls", "yes",
                "html", "<p>\n{{#alerts}}\n</p>",
                "headers", Map.of("Subject", "{{/x}}"));
        assertThat(notifier().validate(s))
                .anySatisfy(p -> assertThat(p).isEqualTo("require_tls must be true or false"))
                .anySatisfy(p -> assertThat(p).startsWith("template html line 2: "))
                .anySatisfy(p -> assertThat(p).startsWith("header Subject: template title line 1: "));
    }
}
