package io.shopwatch.alert.notify;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps notifications from reaching loopback, private, link-local, carrier-grade NAT and unspecified addresses (so
 * that a user-given URL cannot probe the service's own network) unless an operator allow-listed the host name, the
 * address or a CIDR range containing it ({@code SHOPWATCH_WEBHOOK_ALLOWLIST}), or allowed all with {@code *}. The
 * check runs on the addresses a connection is actually made to ({@link #resolve}), so a name that resolves to a
 * public address when a configuration is stored and to an internal one later (DNS rebinding) is still refused, and
 * so is every redirect.
 */
public final class OutboundUrlPolicy {

    private final Set<String> hosts;
    private final List<Cidr> ranges;
    private final boolean allowAll;

    public OutboundUrlPolicy(List<String> allowList) {
        List<Cidr> cidrs = new ArrayList<>();
        this.hosts = allowList.stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .filter(h -> {
                    Cidr c = Cidr.parse(h);
                    if (c != null) {
                        cidrs.add(c);
                        return false;
                    }
                    return true;
                })
                .collect(Collectors.toUnmodifiableSet());
        this.ranges = List.copyOf(cidrs);
        this.allowAll = hosts.contains("*");
    }

    /** Checks a URL's scheme and host before a request is sent to it (and resolves the host once). */
    public void check(URI uri) throws DeliveryException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new DeliveryException("unsupported URL scheme " + scheme, false, 0);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new DeliveryException("URL has no host", false, 0);
        }
        try {
            resolve(host);
        } catch (ForbiddenAddressException e) {
            throw new DeliveryException(e.getMessage(), false, 0);
        } catch (UnknownHostException e) {
            throw new DeliveryException("unknown host " + host, true, e);
        }
    }

    /**
     * The addresses a connection to {@code host} may use.
     *
     * @throws ForbiddenAddressException when the host resolves to an internal address nobody allowed
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = InetAddress.getAllByName(name);
        if (allowAll || hosts.contains(name.toLowerCase(Locale.ROOT))) {
            return addresses;
        }
        for (InetAddress a : addresses) {
            if (isInternal(a) && !allowedAddress(a)) {
                throw new ForbiddenAddressException("host " + name + " resolves to the internal address "
                        + a.getHostAddress() + "; an operator can allow it with SHOPWATCH_WEBHOOK_ALLOWLIST");
            }
        }
        return addresses;
    }

    private boolean allowedAddress(InetAddress a) {
        if (hosts.contains(a.getHostAddress().toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (Cidr c : ranges) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
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
            if ((b[0] & 0xFE) == 0xFC) {
                return true; // unique local fc00::/7
            }
            boolean mapped = true; // ::ffff:a.b.c.d
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 169 && second == 254);
    }

    /** A host resolved to an address that may not be reached. */
    public static final class ForbiddenAddressException extends UnknownHostException {
        ForbiddenAddressException(String message) {
            super(message);
        }
    }

    /** An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            if (!address.matches("[0-9.]+") && !(address.contains(":") && address.matches("[0-9a-f:.]+"))) {
                return null;
            }
            try {
                byte[] net = InetAddress.getByName(address).getAddress();
                int bits = slash < 0 ? net.length * 8 : Integer.parseInt(text.substring(slash + 1));
                if (bits < 0 || bits > net.length * 8) {
                    throw new IllegalArgumentException("invalid prefix length in " + text);
                }
                return new Cidr(net, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("invalid address range " + text, e);
            }
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (b[full] & mask) == (network[full] & mask);
        }
    }
}
