package io.shopwatch.alert.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert as Alertmanager holds it. Its identity is its label set; {@code endsAt} is null for "no end known" (Go's
 * zero time); {@code timeout} says that {@code endsAt} was set from {@code resolve_timeout} rather than by the sender.
 *
 * @param labels identity
 * @param annotations descriptive, non-identifying information
 * @param startsAt when it started firing
 * @param endsAt when it ends or ended; null when unknown
 * @param generatorURL backlink to the source
 * @param updatedAt when this version was received
 * @param timeout whether {@code endsAt} came from {@code resolve_timeout}
 */
public record Alert(
        LabelSet labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL,
        Instant updatedAt,
        boolean timeout) {

    /** Alertmanager's order of alerts in a notification: by {@code job}, then {@code instance}, then labels. */
    public static final Comparator<Alert> NOTIFICATION_ORDER = Alert::compareForNotification;

    public Alert {
        Objects.requireNonNull(labels, "labels");
        annotations = annotations == null || annotations.isEmpty()
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
        generatorURL = generatorURL == null ? "" : generatorURL;
    }

    public long fingerprint() {
        return labels.fingerprint();
    }

    /** Whether the alert is resolved at {@code now}: it has an end and the end is not after {@code now}. */
    public boolean resolvedAt(Instant now) {
        return endsAt != null && !endsAt.isAfter(now);
    }

    public Alert withEndsAt(Instant end) {
        return new Alert(labels, annotations, startsAt, end, generatorURL, updatedAt, timeout);
    }

    public Alert withUpdatedAt(Instant at) {
        return new Alert(labels, annotations, startsAt, endsAt, generatorURL, at, timeout);
    }

    /**
     * Alertmanager's merge of two versions of one alert ({@code types.Alert.Merge}): the younger one wins, with the
     * earliest start; if the younger is resolved the latest explicit end wins when both are resolved; if it is not, a
     * later end of the older one wins unless that end came from a timeout.
     */
    public Alert merge(Alert other, Instant now) {
        if (other.updatedAt.isBefore(this.updatedAt)) {
            return other.merge(this, now);
        }
        Instant start = this.startsAt.isBefore(other.startsAt) ? this.startsAt : other.startsAt;
        Instant end = other.endsAt;
        if (other.resolvedAt(now)) {
            if (this.resolvedAt(now) && this.endsAt.isAfter(other.endsAt)) {
                end = this.endsAt;
            }
        } else if (this.endsAt != null
                && (other.endsAt == null || this.endsAt.isAfter(other.endsAt))
                && !this.timeout) {
            end = this.endsAt;
        }
        return new Alert(
                other.labels, other.annotations, start, end, other.generatorURL, other.updatedAt, other.timeout);
    }

    /**
     * What Alertmanager stores when {@code incoming} arrives and {@code this} is the stored version: the two are merged
     * when their activity ranges overlap, otherwise the incoming one replaces the stored one.
     */
    public Alert absorb(Alert incoming, Instant now) {
        Instant oldEnd = endsAt == null ? Instant.MAX : endsAt;
        boolean endInside =
                incoming.endsAt != null && incoming.endsAt.isAfter(startsAt) && incoming.endsAt.isBefore(oldEnd);
        boolean startInside = incoming.startsAt.isAfter(startsAt) && incoming.startsAt.isBefore(oldEnd);
        return endInside || startInside ? merge(incoming, now) : incoming;
    }

    private static int compareForNotification(Alert a, Alert b) {
        for (String key : new String[] {"job", "instance"}) {
            boolean ha = a.labels.has(key);
            boolean hb = b.labels.has(key);
            if (!ha && !hb) {
                continue;
            }
            if (!ha) {
                return 1;
            }
            if (!hb) {
                return -1;
            }
            int c = AlertmanagerStrings.CODE_POINT_ORDER.compare(a.labels.get(key), b.labels.get(key));
            if (c != 0) {
                return c;
            }
        }
        return a.labels.compareTo(b.labels);
    }
}
