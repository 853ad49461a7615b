package io.shopwatch.auth.audit;

import io.shopwatch.common.security.Identity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing to put into the audit log; {@link AuditLog} adds the id and time.
 *
 * @param org the organisation the event concerns (the one acted on); {@code null} for platform-wide events
 * @param actor who acted: a user name, {@code apikey:<id>}, the attempted user name of a failed login, or
 *     {@code anonymous}
 * @param actorKind {@code user}, {@code api_key}, {@code anonymous}, {@code gateway} or {@code system}
 * @param target what was acted on (user name, key id, org, path)
 * @param ip client address, when there was a request
 * @param details anything else, never a secret
 */
public record AuditEvent(
        AuditAction action,
        Outcome outcome,
        String org,
        String actor,
        String actorKind,
        String target,
        String ip,
        Map<String, Object> details) {

    public static final String USER = "user";
    public static final String API_KEY = "api_key";
    public static final String ANONYMOUS = "anonymous";
    public static final String GATEWAY = "gateway";
    public static final String SYSTEM = "system";

    public AuditEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(actorKind, "actorKind");
        details = Map.copyOf(details);
    }

    /**
     * A request auth-service refused ({@code request.denied}): who asked (when known), from where, the answer's status
     * and why.
     *
     * @param org the org the request was about, {@code null} when none (the caller's own then)
     * @param caller who asked, {@code null} when unknown
     */
    public static AuditEvent requestDenied(String org, Identity caller, ClientInfo client, int status, String reason) {
        Builder event = of(AuditAction.REQUEST_DENIED, Outcome.DENIED).org(org);
        if (caller != null) {
            event.by(caller);
        }
        return event.request(client)
                .target(client.path())
                .detail("source", "auth-service")
                .detail("status", status)
                .detail("reason", reason)
                .build();
    }

    public static Builder of(AuditAction action, Outcome outcome) {
        return new Builder(action, outcome);
    }

    /** Builds an event; only action and outcome are required. */
    public static final class Builder {
        private final AuditAction action;
        private final Outcome outcome;
        private String org;
        private String actor = ANONYMOUS;
        private String actorKind = ANONYMOUS;
        private String target;
        private String ip;
        private final Map<String, Object> details = new LinkedHashMap<>();

        private Builder(AuditAction action, Outcome outcome) {
            this.action = action;
            this.outcome = outcome;
        }

        public Builder org(String org) {
            this.org = org;
            return this;
        }

        public Builder actor(String actor, String kind) {
            this.actor = actor == null ? ANONYMOUS : truncate(actor, 160);
            this.actorKind = kind;
            return this;
        }

        /** The identity acting; the event's org is the identity's unless set otherwise. */
        public Builder by(Identity identity) {
            actor(identity.subject(), identity.kind().id());
            if (org == null) {
                org = identity.org();
            }
            if (!identity.org().equals(org) || identity.platformAdmin()) {
                details.put("actor_org", identity.org());
            }
            return this;
        }

        public Builder target(String target) {
            this.target = target == null ? null : truncate(target, 512);
            return this;
        }

        public Builder ip(String ip) {
            this.ip = ip;
            return this;
        }

        /** Client address, method and path of the request. */
        public Builder request(ClientInfo request) {
            this.ip = request.ip();
            if (request.method() != null) {
                details.put("method", request.method());
                details.put("path", truncate(request.path(), 512));
            }
            return this;
        }

        public Builder detail(String key, Object value) {
            if (value != null) {
                details.put(key, value instanceof String s ? truncate(s, 512) : value);
            }
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(action, outcome, org, actor, actorKind, target, ip, details);
        }

        private static String truncate(String value, int max) {
            return value == null || value.length() <= max ? value : value.substring(0, max);
        }
    }
}
