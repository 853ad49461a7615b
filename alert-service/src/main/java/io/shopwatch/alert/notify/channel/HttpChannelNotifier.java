package io.shopwatch.alert.notify.channel;

import io.shopwatch.alert.notify.ChannelTraits;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.IntegrationConfig;
import io.shopwatch.alert.notify.Notification;
import io.shopwatch.alert.notify.Notifier;
import io.shopwatch.alert.notify.http.OutboundHttp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The skeleton every chat robot and paging channel shares: the integration's URL, one or more JSON messages POSTed to
 * it under the channel's rate limits ({@link ChannelRateLimits}, which also holds the robot back when the provider asks
 * to wait), and each answer read by the channel. A channel supplies its {@link ChannelTraits}, its messages and how it
 * reads an answer; the URL setting, a signed target URL and the content type have defaults it may change.
 */
abstract class HttpChannelNotifier implements Notifier {

    private final ChannelTraits traits;
    private final OutboundHttp http;
    private final ChannelRateLimits limits;
    private final RobotAnswers answers;

    /** A channel that reads its answers itself, overriding {@link #check}. */
    HttpChannelNotifier(ChannelTraits traits, OutboundHttp http, ChannelRateLimits limits) {
        this(traits, http, limits, null);
    }

    /** A chat robot whose answers {@code answers} reads. */
    HttpChannelNotifier(ChannelTraits traits, OutboundHttp http, ChannelRateLimits limits, RobotAnswers answers) {
        this.traits = traits;
        this.http = http;
        this.limits = limits;
        this.answers = answers;
    }

    @Override
    public final String type() {
        return traits.type();
    }

    @Override
    public final ChannelTraits traits() {
        return traits;
    }

    @Override
    public final void send(IntegrationConfig integration, Notification notification, Duration timeout)
            throws DeliveryException {
        String url = url(integration);
        List<byte[]> messages = messages(integration, notification);
        URI uri = ChannelSettings.uri(type(), target(url, integration));
        limits.send(traits, url, messages.size(), () -> {
            for (byte[] message : messages) {
                check(uri, http.post(uri, contentType(), message, Map.of(), timeout));
            }
        });
    }

    /** The URL the integration sends to; by default its {@code url} setting, which must be there. */
    String url(IntegrationConfig integration) throws DeliveryException {
        return ChannelSettings.url(integration, type(), "url", null);
    }

    /** Where the messages are posted: the URL itself unless the channel signs it. */
    String target(String url, IntegrationConfig integration) throws DeliveryException {
        return url;
    }

    String contentType() {
        return "application/json; charset=utf-8";
    }

    /** The bodies to post, in order; each takes one token of the channel's rate limits. */
    abstract List<byte[]> messages(IntegrationConfig integration, Notification notification) throws DeliveryException;

    /**
     * Returns when the provider accepted a message; otherwise throws, saying whether to retry and when. A chat robot's
     * {@link RobotAnswers} read it; a channel built without them overrides this.
     */
    void check(URI uri, OutboundHttp.Response response) throws DeliveryException {
        if (answers == null) {
            throw new IllegalStateException(type() + " reads no robot answers and must override check");
        }
        answers.check(uri, response);
    }
}
