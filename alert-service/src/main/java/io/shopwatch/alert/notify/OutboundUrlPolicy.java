package io.shopwatch.alert.notify;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps notifications from reaching loopback, private, link-local and unspecified addresses (so that a user-given
 * webhook cannot probe the service's own network) unless an operator allow-listed the host, or allowed all with
 * {@code *}.
 */
public final class OutboundUrlPolicy {

    private final Set<String> allowed;
    private final boolean allowAll;

    public OutboundUrlPolicy(List<String> allowedHosts) {
        this.allowed = allowedHosts.stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.allowAll = allowed.contains("*");
    }

    /** Checks a URL before a request is sent to it. */
    public void check(URI uri) throws DeliveryException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new DeliveryException("unsupported URL scheme " + scheme, false, 0);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new DeliveryException("URL has no host", false, 0);
        }
        if (allowAll || allowed.contains(host.toLowerCase(Locale.ROOT))) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new DeliveryException("unknown host " + host, true, e);
        }
        for (InetAddress a : addresses) {
            if (isInternal(a)) {
                throw new DeliveryException(
                        "host " + host + " resolves to the internal address " + a.getHostAddress()
                                + "; an operator can allow it with ALERT_WEBHOOK_ALLOWED_HOSTS",
                        false,
                        0);
            }
        }
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress()
                || a.isSiteLocalAddress()
                || a.isLinkLocalAddress()
                || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xFE) == 0xFC; // unique local fc00::/7
        }
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 169 && second == 254);
    }
}
