package io.shopwatch.alert.notify.email;

import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.OutboundUrlPolicy;
import io.shopwatch.alert.notify.template.MessageRenderer;
import io.shopwatch.alert.notify.template.MessageRenderer.Markup;
import io.shopwatch.alert.notify.template.MessageRenderer.Rendered;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Alertmanager's {@code email_configs}: one {@code multipart/alternative} mail (text and HTML) per notification over
 * SMTP. Settings (Alertmanager's names): {@code to} (comma-separated), {@code from}, {@code smarthost}
 * ({@code host:port}; port 465 is implicit TLS), {@code hello}, {@code auth_username}, {@code auth_password},
 * {@code auth_identity}, {@code require_tls} (default true: STARTTLS required), {@code headers} (templated; a
 * {@code Subject} replaces the rendered title), {@code text} / {@code html} and the template settings of
 * {@link MessageRenderer}, {@code thread_by_date} ({@code daily} or {@code none}). Missing {@code from},
 * {@code smarthost} and {@code require_tls} come from {@link EmailProperties}. The on-call person's address, when the
 * notification names one, is added to the recipients. Mails of one alert group thread together: {@code References}
 * and {@code In-Reply-To} name a synthetic root {@code <alert-{sha256(groupKey)[0..16]}-{yyyy-MM-dd}@shopwatch>}.
 * Connections go only to addresses the SSRF policy allows. SMTP 4xx replies and connection failures are retried, 5xx
 * replies are final.
 */
public final class EmailNotifier implements Notifier {

    /** Its secrets, rate limits, digests and default language, for the registry. */
    public static final ChannelTraits TRAITS = ChannelTraits.of("email")
            .withSecrets("auth_password", "auth_secret")
            .withResolvedOffByDefault();

    private static final Set<String> RECIPIENT_HEADERS = Set.of("to", "from", "cc", "bcc");
    private static final Pattern REPLY_CODE = Pattern.compile("(?:^|response: |\\s)([245]\\d\\d)(?:[ -]|$)");
    private static final int SENDER_CACHE_LIMIT = 256;

    private final OutboundUrlPolicy policy;
    private final MessageRenderer renderer;
    private final Clock clock;
    private final EmailProperties defaults;
    private final PinnedSocketFactory sockets;
    private final Map<SenderKey, JavaMailSenderImpl> senders = new ConcurrentHashMap<>();

    public EmailNotifier(OutboundUrlPolicy policy, MessageRenderer renderer, Clock clock, EmailProperties defaults) {
        this.policy = policy;
        this.renderer = renderer;
        this.clock = clock;
        this.defaults = defaults == null ? new EmailProperties("", "", true) : defaults;
        this.sockets = new PinnedSocketFactory(policy);
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public ChannelTraits traits() {
        return TRAITS;
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        List<String> problems = new ArrayList<>();
        String to = string(settings, "to");
        if (to == null) {
            problems.add("missing to address in email config");
        } else {
            try {
                if (InternetAddress.parse(to, true).length == 0) {
                    problems.add("missing to address in email config");
                }
            } catch (AddressException e) {
                problems.add("invalid to address " + to + ": " + e.getMessage());
            }
        }
        String from = or(string(settings, "from"), defaults.from());
        if (from == null) {
            problems.add("missing from address in email config (and no SMTP default ALERT_SMTP_FROM)");
        } else {
            try {
                new InternetAddress(from, true);
            } catch (AddressException e) {
                problems.add("invalid from address " + from + ": " + e.getMessage());
            }
        }
        String smarthost = or(string(settings, "smarthost"), defaults.smarthost());
        if (smarthost == null) {
            problems.add("missing smarthost in email config (and no SMTP default ALERT_SMTP_SMARTHOST)");
        } else if (HostPort.parse(smarthost) == null) {
            problems.add("smarthost must be host:port, not " + smarthost);
        }
        Object requireTls = settings.get("require_tls");
        if (requireTls != null && !(requireTls instanceof Boolean)) {
            problems.add("require_tls must be true or false");
        }
        Object threadByDate = settings.get("thread_by_date");
        if (threadByDate != null && !List.of("daily", "none").contains(threadByDate.toString())) {
            problems.add("thread_by_date must be daily or none");
        }
        Object headers = settings.get("headers");
        if (headers != null) {
            if (!(headers instanceof Map<?, ?> map)) {
                problems.add("headers must be a map of header names to values");
            } else {
                map.forEach((name, value) -> {
                    if (!(value instanceof String template)) {
                        problems.add("header " + name + " must be a string");
                    } else {
                        renderer.validate(Map.of("title", template)).stream()
                                .map(p -> "header " + name + ": " + p)
                                .forEach(problems::add);
                    }
                });
            }
        }
        problems.addAll(renderer.validate(settings));
        return problems;
    }

    @Override
    public void send(IntegrationConfig integration, Notification notification, Duration timeout)
            throws DeliveryException {
        Map<String, Object> settings = integration.settings();
        String smarthost = or(string(settings, "smarthost"), defaults.smarthost());
        HostPort server = smarthost == null ? null : HostPort.parse(smarthost);
        if (server == null) {
            throw new DeliveryException("email: no valid smarthost configured", false, 0);
        }
        boolean requireTls = settings.get("require_tls") instanceof Boolean b ? b : defaults.requireTls();
        SenderKey key = new SenderKey(
                server.host(),
                server.port(),
                string(settings, "auth_username"),
                string(settings, "auth_password"),
                string(settings, "auth_identity"),
                string(settings, "hello"),
                requireTls,
                Math.max(1, timeout.toMillis()));
        JavaMailSenderImpl sender = sender(key);
        MimeMessage message;
        try {
            message = message(sender.getSession(), integration, notification);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new DeliveryException("email: cannot build the message: " + e.getMessage(), false, e);
        }
        try {
            sender.send(message);
        } catch (MailException e) {
            throw classify(e, server.host());
        }
    }

    /** The message: recipients, subject, threading headers, text and HTML alternatives. */
    MimeMessage message(Session session, IntegrationConfig integration, Notification notification)
            throws MessagingException, UnsupportedEncodingException {
        Map<String, Object> settings = integration.settings();
        Rendered html = renderer.render(integration, notification, Markup.HTML);
        Rendered text = renderer.render(integration, notification, Markup.TEXT);

        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (getHeader("Message-ID") == null) {
                    super.updateMessageID();
                }
            }
        };
        String from = or(string(settings, "from"), defaults.from());
        if (from == null) {
            throw new MessagingException("no from address configured");
        }
        m.setFrom(new InternetAddress(from, true));
        m.setRecipients(MimeMessage.RecipientType.TO, recipients(string(settings, "to"), notification));
        m.setSubject(html.title(), StandardCharsets.UTF_8.name());
        m.setSentDate(Date.from(clock.instant()));
        m.setHeader("Auto-Submitted", "auto-generated");
        String thread = threadId(notification.groupKey(), !"none".equals(string(settings, "thread_by_date")));
        m.setHeader("References", thread);
        m.setHeader("In-Reply-To", thread);
        for (Map.Entry<String, String> h : headers(integration, notification).entrySet()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("Subject")) {
                m.setSubject(h.getValue(), StandardCharsets.UTF_8.name());
            } else if (!RECIPIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                m.setHeader(
                        name, MimeUtility.fold(name.length() + 2, MimeUtility.encodeText(h.getValue(), "UTF-8", "Q")));
            }
        }

        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html.text(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        m.setContent(alternative);
        m.saveChanges();
        return m;
    }

    /**
     * The synthetic root message every mail of a group refers to, as Alertmanager builds it:
     * {@code <alert-{first 16 hex of sha256(groupKey)}-{yyyy-MM-dd}@shopwatch>}, without the date when
     * {@code daily} is false.
     */
    String threadId(String groupKey, boolean daily) {
        String hash;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((groupKey == null ? "" : groupKey).getBytes(StandardCharsets.UTF_8));
            hash = HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String date = daily ? "-" + clock.instant().atZone(ZoneOffset.UTC).toLocalDate() : "";
        return "<alert-" + hash + date + "@shopwatch>";
    }

    private InternetAddress[] recipients(String to, Notification notification) throws AddressException {
        List<InternetAddress> out = new ArrayList<>(List.of(InternetAddress.parse(to == null ? "" : to, true)));
        if (notification.extras().onCall() != null
                && notification.extras().onCall().email() != null
                && !notification.extras().onCall().email().isBlank()) {
            InternetAddress onCall =
                    new InternetAddress(notification.extras().onCall().email(), true);
            if (out.stream().noneMatch(a -> a.getAddress().equalsIgnoreCase(onCall.getAddress()))) {
                out.add(onCall);
            }
        }
        if (out.isEmpty()) {
            throw new AddressException("no recipients");
        }
        return out.toArray(InternetAddress[]::new);
    }

    /** The {@code headers} setting with every value rendered as a template (like a title). */
    private Map<String, String> headers(IntegrationConfig integration, Notification notification) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!(integration.settings().get("headers") instanceof Map<?, ?> headers)) {
            return out;
        }
        headers.forEach((name, value) -> {
            if (name == null || value == null) {
                return;
            }
            Map<String, Object> settings = new LinkedHashMap<>(integration.settings());
            settings.put("title", value.toString());
            settings.remove("title_resolved");
            IntegrationConfig asTitle = new IntegrationConfig(
                    integration.type(), integration.index(), integration.sendResolved(), settings);
            out.put(
                    name.toString(),
                    renderer.render(asTitle, notification, Markup.TEXT).title());
        });
        return out;
    }

    /** How many senders (one per distinct server, credentials, TLS and timeout) are cached. */
    int cachedSenders() {
        return senders.size();
    }

    private JavaMailSenderImpl sender(SenderKey key) {
        JavaMailSenderImpl cached = senders.get(key);
        if (cached != null) {
            return cached;
        }
        if (senders.size() >= SENDER_CACHE_LIMIT) {
            senders.clear();
        }
        return senders.computeIfAbsent(key, this::newSender);
    }

    private JavaMailSenderImpl newSender(SenderKey key) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        boolean implicitTls = key.port() == 465;
        sender.setProtocol(implicitTls ? "smtps" : "smtp");
        sender.setHost(key.host());
        sender.setPort(key.port());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        String p = "mail." + (implicitTls ? "smtps" : "smtp") + ".";
        Properties props = new Properties();
        String millis = Long.toString(key.timeoutMillis());
        props.setProperty(p + "connectiontimeout", millis);
        props.setProperty(p + "timeout", millis);
        props.setProperty(p + "writetimeout", millis);
        props.put(p + "socketFactory", sockets);
        props.put(p + "ssl.socketFactory", sockets);
        // never fall back to a plain socket when the policy refuses the address
        props.setProperty(p + "socketFactory.fallback", "false");
        props.setProperty(p + "ssl.checkserveridentity", "true");
        if (implicitTls) {
            props.setProperty(p + "ssl.enable", "true");
        } else if (key.requireTls()) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        } else {
            props.setProperty(p + "starttls.enable", "false");
        }
        if (key.hello() != null) {
            props.setProperty(p + "localhost", key.hello());
        }
        if (key.username() != null) {
            props.setProperty(p + "auth", "true");
            sender.setUsername(key.username());
            sender.setPassword(key.password() == null ? "" : key.password());
            if (key.identity() != null) {
                props.setProperty(p + "sasl.authorizationid", key.identity());
            }
        }
        sender.setJavaMailProperties(props);
        return sender;
    }

    /** SMTP 4xx and connection failures may pass on a later attempt; 5xx replies and refused hosts will not. */
    static DeliveryException classify(MailException e, String host) {
        List<Throwable> chain = new ArrayList<>();
        collect(e, chain);
        if (e instanceof MailSendException send) {
            for (Exception nested : send.getMessageExceptions()) {
                collect(nested, chain);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof OutboundUrlPolicy.ForbiddenAddressException) {
                return new DeliveryException("email: " + t.getMessage(), false, 0);
            }
        }
        for (Throwable t : chain) {
            if (t.getMessage() != null && t.getMessage().contains("STARTTLS is required")) {
                return new DeliveryException(
                        "email: SMTP server " + host + " offers no STARTTLS and require_tls is true", false, 0);
            }
        }
        for (Throwable t : chain) {
            int code = 0;
            if (t instanceof SMTPAddressFailedException a) {
                code = a.getReturnCode();
            } else if (t instanceof SMTPSenderFailedException s) {
                code = s.getReturnCode();
            } else if (t instanceof SMTPSendFailedException s) {
                code = s.getReturnCode();
            }
            if (code > 0) {
                return reply(host, code, t.getMessage());
            }
        }
        for (Throwable t : chain) {
            if (t instanceof IOException) {
                return new DeliveryException(
                        "email: cannot reach SMTP server " + host + ": "
                                + t.getClass().getSimpleName() + " " + t.getMessage(),
                        true,
                        e);
            }
        }
        for (Throwable t : chain) {
            Matcher m = t.getMessage() == null ? null : REPLY_CODE.matcher(t.getMessage());
            if (m != null && m.find()) {
                return reply(host, Integer.parseInt(m.group(1)), t.getMessage());
            }
        }
        return new DeliveryException("email: sending via " + host + " failed: " + e.getMessage(), true, e);
    }

    private static DeliveryException reply(String host, int code, String answer) {
        String text = answer == null ? Integer.toString(code) : answer.strip();
        return new DeliveryException(
                "email: SMTP server " + host + " answered " + code, code / 100 == 4, 0, null, text);
    }

    private static void collect(Throwable t, List<Throwable> out) {
        while (t != null && !out.contains(t)) {
            out.add(t);
            if (t instanceof MessagingException me && me.getNextException() != null && me.getNextException() != t) {
                collect(me.getNextException(), out);
            }
            t = t.getCause();
        }
    }

    private static String string(Map<String, Object> settings, String name) {
        Object value = settings.get(name);
        return value == null || value.toString().isBlank()
                ? null
                : value.toString().trim();
    }

    private static String or(String value, String fallback) {
        if (value != null) {
            return value;
        }
        return fallback == null || fallback.isBlank() ? null : fallback.trim();
    }

    /** What a cached sender is built from. */
    private record SenderKey(
            String host,
            int port,
            String username,
            String password,
            String identity,
            String hello,
            boolean requireTls,
            long timeoutMillis) {}

    /** {@code host:port}, the host possibly a bracketed IPv6 address. */
    record HostPort(String host, int port) {

        static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                return null;
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                return null;
            }
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                return port > 0 && port < 65536 && !host.isBlank() ? new HostPort(host, port) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
