package io.shopwatch.alert.notify.template;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.MustacheParseException;
import com.samskivert.mustache.Template;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders notifications with logic-less Mustache templates (JMustache). An integration's settings {@code title},
 * {@code text} ({@code html} for e-mail) and their {@code *_resolved} variants replace the built-in texts in
 * {@code templates/alert/{zh,en}/}; {@code language} ({@code zh}, {@code en}) and {@code timezone} choose the
 * built-in texts and how times are written. Templates see maps, lists and strings only (no object is reachable, no
 * code runs); a missing variable renders empty. Values are HTML-escaped in {@link Markup#HTML} bodies only; titles are
 * never escaped. A template that fails while rendering is replaced by the built-in one, so no notification is lost.
 */
public final class MustacheMessageRenderer implements MessageRenderer {

    private static final Logger log = LoggerFactory.getLogger(MustacheMessageRenderer.class);

    /** The settings that hold templates. */
    public static final List<String> TEMPLATE_SETTINGS =
            List.of("title", "title_resolved", "text", "text_resolved", "html", "html_resolved");

    private static final Pattern PARSE_LINE = Pattern.compile("^(.*?)\\s*@ line (\\d+)$", Pattern.DOTALL);
    private static final int CACHE_LIMIT = 2048;

    private final Clock clock;
    private final String defaultLanguage;
    private final Function<String, String> channelLanguage;
    private final String defaultTimezone;
    private final Mustache.Compiler plain;
    private final Mustache.Compiler html;
    private final Map<String, Map<Markup, Template[]>> bodies = new ConcurrentHashMap<>();
    private final Map<String, Template[]> titles = new ConcurrentHashMap<>();
    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    /**
     * @param channelLanguage the default language of an integration type's texts, its channel's
     *     {@code ChannelTraits#defaultLanguage()}; asked only when neither the integration nor the service sets one
     */
    public MustacheMessageRenderer(
            Clock clock, TemplateProperties properties, Function<String, String> channelLanguage) {
        this.clock = clock;
        this.channelLanguage = channelLanguage;
        this.defaultLanguage = blankToNull(properties.language()) == null ? null : language(properties.language());
        if (blankToNull(properties.language()) != null && defaultLanguage == null) {
            throw new IllegalArgumentException(
                    "shopwatch.alert.templates.language must be zh or en, not " + properties.language());
        }
        this.defaultTimezone = blankToNull(properties.timezone());
        if (defaultTimezone != null) {
            ZoneId.of(defaultTimezone);
        }
        BasicCollector mapsAndListsOnly = new BasicCollector() {
            @Override
            public <K, V> Map<K, V> createFetcherCache() {
                return new ConcurrentHashMap<>();
            }
        };
        Mustache.TemplateLoader noPartials = name -> {
            throw new MustacheException("partials ({{> " + name + "}}) are not supported");
        };
        Mustache.Compiler base = Mustache.compiler()
                .defaultValue("")
                .emptyStringIsFalse(true)
                .zeroIsFalse(true)
                .withCollector(mapsAndListsOnly)
                .withLoader(noPartials);
        this.plain = base.escapeHTML(false);
        this.html = base.withEscaper(Escapers.HTML);
        for (String lang : List.of("zh", "en")) {
            titles.put(
                    lang,
                    new Template[] {builtIn(lang, "title-firing", plain), builtIn(lang, "title-resolved", plain)});
            Map<Markup, Template[]> byMarkup = new EnumMap<>(Markup.class);
            for (Markup m : Markup.values()) {
                Mustache.Compiler c = m == Markup.HTML ? html : plain;
                byMarkup.put(m, new Template[] {
                    builtIn(lang, file(m) + "-firing", c), builtIn(lang, file(m) + "-resolved", c)
                });
            }
            bodies.put(lang, byMarkup);
        }
    }

    @Override
    public Rendered render(IntegrationConfig integration, Notification notification, Markup markup) {
        Map<String, Object> settings = integration.settings();
        String lang = languageOf(integration.type(), settings);
        ZoneId zone = zoneOf(lang, settings);
        boolean resolved = !notification.firing();
        Map<String, Object> data = TemplateData.of(notification, lang, zone, clock.instant());
        int variant = resolved ? 1 : 0;

        String bodyKey = markup == Markup.HTML ? "html" : "text";
        String title =
                execute(integration, template(settings, "title", resolved), false, titles.get(lang)[variant], data);
        String text = execute(
                integration,
                template(settings, bodyKey, resolved),
                markup == Markup.HTML,
                bodies.get(lang).get(markup)[variant],
                data);
        return new Rendered(tidyTitle(title), tidyBody(text));
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        return check(settings).stream().map(TemplateError::toString).toList();
    }

    /**
     * Every problem with the template settings: syntax errors with their line, templates that fail against the sample
     * group, an unknown {@code language} or {@code timezone}.
     */
    public List<TemplateError> check(Map<String, Object> settings) {
        List<TemplateError> errors = new ArrayList<>();
        Object language = settings.get("language");
        if (language != null && language(language.toString()) == null) {
            errors.add(new TemplateError("language", 0, "language must be zh or en, not " + language));
        }
        Object timezone = settings.get("timezone");
        if (timezone != null) {
            try {
                ZoneId.of(timezone.toString());
            } catch (DateTimeException e) {
                errors.add(new TemplateError("timezone", 0, "unknown time zone " + timezone));
            }
        }
        Instant now = clock.instant();
        List<Map<String, Object>> samples = List.of(
                TemplateData.of(SampleNotifications.checkoutErrors(false, now), "en", ZoneId.of("UTC"), now),
                TemplateData.of(SampleNotifications.checkoutErrors(true, now), "en", ZoneId.of("UTC"), now));
        for (String name : TEMPLATE_SETTINGS) {
            Object value = settings.get(name);
            if (value == null) {
                continue;
            }
            if (!(value instanceof String source)) {
                errors.add(new TemplateError(name, 0, "must be a string"));
                continue;
            }
            boolean escape = name.startsWith("html");
            Template t;
            try {
                t = (escape ? html : plain).compile(source);
            } catch (MustacheParseException e) {
                errors.add(parseError(name, e));
                continue;
            } catch (MustacheException e) {
                errors.add(new TemplateError(name, 0, e.getMessage()));
                continue;
            }
            for (Map<String, Object> sample : samples) {
                try {
                    t.execute(sample);
                } catch (RuntimeException e) {
                    errors.add(new TemplateError(name, 0, "fails on the sample alert group: " + e.getMessage()));
                    break;
                }
            }
        }
        return errors;
    }

    /** The language an integration's texts are in: its {@code language}, else the configured or channel default. */
    public String languageOf(String type, Map<String, Object> settings) {
        Object setting = settings.get("language");
        String lang = setting == null ? null : language(setting.toString());
        if (lang != null) {
            return lang;
        }
        if (defaultLanguage != null) {
            return defaultLanguage;
        }
        String channel = type == null ? null : channelLanguage.apply(type);
        return channel == null ? "en" : channel;
    }

    /** The zone an integration's times are written in. */
    public ZoneId zoneOf(String language, Map<String, Object> settings) {
        Object setting = settings.get("timezone");
        if (setting != null) {
            try {
                return ZoneId.of(setting.toString());
            } catch (DateTimeException e) {
                // reported by check(); the default applies
            }
        }
        if (defaultTimezone != null) {
            return ZoneId.of(defaultTimezone);
        }
        return ZoneId.of("zh".equals(language) ? "Asia/Shanghai" : "UTC");
    }

    private String execute(
            IntegrationConfig integration, String source, boolean escape, Template builtIn, Map<String, Object> data) {
        if (source != null) {
            try {
                return compile(source, escape).execute(data);
            } catch (RuntimeException e) {
                log.warn(
                        "template of integration {} failed, the built-in text is used: {}",
                        integration,
                        e.getMessage());
            }
        }
        return builtIn.execute(data);
    }

    private Template compile(String source, boolean escape) {
        String key = (escape ? "h:" : "p:") + source;
        Template t = compiled.get(key);
        if (t == null) {
            t = (escape ? html : plain).compile(source);
            if (compiled.size() >= CACHE_LIMIT) {
                compiled.clear();
            }
            compiled.put(key, t);
        }
        return t;
    }

    private static String template(Map<String, Object> settings, String key, boolean resolved) {
        Object value = resolved && settings.get(key + "_resolved") != null
                ? settings.get(key + "_resolved")
                : settings.get(key);
        return value instanceof String s ? s : null;
    }

    private static Template builtIn(String lang, String name, Mustache.Compiler compiler) {
        String path = "/templates/alert/" + lang + "/" + name + ".mustache";
        try (InputStream in = MustacheMessageRenderer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("built-in template " + path + " is missing");
            }
            return compiler.compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resource name of a markup's built-in bodies. */
    static String file(Markup markup) {
        return switch (markup) {
            case MARKDOWN -> "markdown";
            case WECOM_MARKDOWN -> "wecom-markdown";
            case SLACK_MRKDWN -> "slack-mrkdwn";
            case TEXT -> "text";
            case HTML -> "html";
        };
    }

    static TemplateError parseError(String setting, MustacheParseException e) {
        String message = e.getMessage() == null ? "syntax error" : e.getMessage();
        Matcher m = PARSE_LINE.matcher(message);
        if (m.matches()) {
            return new TemplateError(setting, Integer.parseInt(m.group(2)), m.group(1));
        }
        return new TemplateError(setting, 0, message);
    }

    private static String language(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("zh") || v.startsWith("zh-") || v.startsWith("zh_")) {
            return "zh";
        }
        if (v.equals("en") || v.startsWith("en-") || v.startsWith("en_")) {
            return "en";
        }
        return null;
    }

    private static String tidyTitle(String title) {
        return title.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String tidyBody(String body) {
        return body.replaceAll("(\\R[ \\t]*){3,}", "\n\n").strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
