package io.shopwatch.alert.ack;

import io.shopwatch.alert.core.Alert;
import io.shopwatch.alert.notify.Notification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The links a notification carries: the group in the API, a log search pre-filled with the group's service and time,
 * and a signed one-click acknowledgement link. The link's token is {@code base64url(org \n groupId \n expiry)} and
 * its HMAC-SHA256 under a key shared by all replicas, so it works without a login and only for that group, until it
 * expires.
 */
public final class NotificationLinks {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** What a valid acknowledgement token names. */
    public record AckTarget(String org, String groupId, Instant expiresAt) {}

    private final String externalUrl;
    private final String logSearchUrl;
    private final Duration linkValidity;
    private final Supplier<byte[]> key;

    /**
     * @param externalUrl the base of the API links (the gateway's or this service's URL)
     * @param logSearchUrl the log search URL, with {@code {service}}, {@code {from}}, {@code {to}}, {@code {query}}
     *     placeholders; empty for none
     * @param linkValidity how long an acknowledgement link works
     * @param key the signing key (read lazily: it may live in the database)
     */
    public NotificationLinks(String externalUrl, String logSearchUrl, Duration linkValidity, Supplier<byte[]> key) {
        this.externalUrl = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1) : externalUrl;
        this.logSearchUrl = logSearchUrl == null ? "" : logSearchUrl;
        this.linkValidity = linkValidity;
        this.key = key;
    }

    public String groupUrl(String groupId) {
        return externalUrl + "/api/v1/alerts/groups/" + groupId;
    }

    public String ackUrl(String org, String groupId, Instant now) {
        return externalUrl + "/api/v1/alerts/ack/" + ackToken(org, groupId, now.plus(linkValidity));
    }

    String ackToken(String org, String groupId, Instant expiresAt) {
        String payload = org + "\n" + groupId + "\n" + expiresAt.getEpochSecond();
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(p) + "." + B64.encodeToString(sign(p));
    }

    /** The group a token acknowledges, if its signature is right and it has not expired. */
    public Optional<AckTarget> verify(String token, Instant now) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            byte[] payload = B64D.decode(token.substring(0, dot));
            byte[] signature = B64D.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(payload))) {
                return Optional.empty();
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 3) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            return now.isBefore(expires) ? Optional.of(new AckTarget(parts[0], parts[1], expires)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A log search over the group's service (when its alerts share one) from 15 minutes before it started. */
    public String logSearchUrl(Notification n, Instant now) {
        if (logSearchUrl.isEmpty()) {
            return null;
        }
        String service = n.commonLabels().asMap().getOrDefault("service", "");
        Instant from = n.alerts().stream()
                .map(Alert::startsAt)
                .min(Instant::compareTo)
                .orElse(now)
                .minus(Duration.ofMinutes(15));
        String query = n.commonLabels().asMap().getOrDefault("alertname", "");
        return logSearchUrl
                .replace("{service}", enc(service))
                .replace("{from}", enc(from.toString()))
                .replace("{to}", enc(now.toString()))
                .replace("{query}", enc(query));
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
