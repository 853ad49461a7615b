package io.shopwatch.common.openobserve;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * How the client authenticates. OpenObserve takes HTTP Basic for every credential kind: a user (the root user or a
 * service account) with its password or token, or an organisation's ingestion token ({@code o2oi_...}) with the
 * organisation as user name, which is valid on ingestion routes only.
 */
public sealed interface OpenObserveCredentials {

    /** The value of the {@code Authorization} header, or {@code null} when no credentials are sent. */
    String authorizationHeader();

    /** A user (email) and its password or token: valid on every route the user's role allows. */
    static OpenObserveCredentials basic(String user, String password) {
        return new Basic(user, password);
    }

    /** An organisation ingestion token: valid on ingestion routes only. */
    static OpenObserveCredentials ingestionToken(String org, String token) {
        return new IngestionToken(org, token);
    }

    /** No {@code Authorization} header at all (health checks of an open endpoint). */
    static OpenObserveCredentials none() {
        return None.INSTANCE;
    }

    /** User and password, sent as HTTP Basic. The password never appears in {@link #toString()}. */
    record Basic(String user, String password) implements OpenObserveCredentials {
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String authorizationHeader() {
            return basicHeader(user, password);
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }

    /** An {@code o2oi_} ingestion token of an organisation, sent as HTTP Basic {@code org:token}. */
    record IngestionToken(String org, String token) implements OpenObserveCredentials {
        public IngestionToken {
            Objects.requireNonNull(org, "org");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String authorizationHeader() {
            return basicHeader(org, token);
        }

        @Override
        public String toString() {
            return "IngestionToken[org=" + org + ", token=***]";
        }
    }

    /** No credentials. */
    enum None implements OpenObserveCredentials {
        INSTANCE;

        @Override
        public String authorizationHeader() {
            return null;
        }
    }

    private static String basicHeader(String user, String secret) {
        String pair = user + ":" + secret;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
