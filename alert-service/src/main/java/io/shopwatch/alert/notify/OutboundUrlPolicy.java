package io.shopwatch.alert.notify;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps notifications from reaching loopback, private, link-local, carrier-grade NAT and unspecified addresses (so
 * that a user-given URL cannot probe the service's own network) unless an operator allow-listed the host name, the
 * address or a CIDR range containing it ({@code SHOPWATCH_WEBHOOK_ALLOWLIST}), or allowed all with {@code *}. The
 * check runs on the addresses a connection is actually made to ({@link #resolve}), so a name that resolves to a
 * public address when a configuration is stored and to an internal one later (DNS rebinding) is still refused, and
 * so is every redirect. When a configuration is stored, {@link #refusedAtStore} refuses URLs whose host is an internal
 * IP literal in any form a URL parser may accept (or a loopback name) at once, with no DNS lookup.
 */
public final class OutboundUrlPolicy {

    /** Scheme and authority of an absolute URL; a backslash counts as a slash, as browsers and some parsers read it. */
    private static final Pattern AUTHORITY = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[/\\\\]{2}([^/?#\\\\]*)");

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

    /**
     * Why a URL in a configuration that is being stored may not be used: its host is an internal IP literal that is
     * not allow-listed — dotted IPv4, the decimal, hexadecimal, octal and shortened forms ({@code 2130706433},
     * {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1}) that inet_aton-style parsers accept, IPv6 (also IPv4-mapped,
     * IPv4-compatible and NAT64 forms of an internal IPv4 address), percent-encoded or with a trailing dot — or
     * {@code localhost}. Empty when it may be stored. Names are not resolved here (they are checked on every
     * connection). The message never quotes the URL (it may carry a token).
     */
    public Optional<String> refusedAtStore(String url) {
        String host = hostOf(url);
        if (host == null || host.isEmpty() || allowAll || hosts.contains(host)) {
            return Optional.empty();
        }
        InetAddress address = literal(host);
        if (address == null) {
            if (host.equals("localhost") || host.endsWith(".localhost")) {
                return Optional.of("the URL's host " + host + " is a loopback name; an operator can allow it with"
                        + " SHOPWATCH_WEBHOOK_ALLOWLIST");
            }
            return Optional.empty();
        }
        InetAddress embedded = embeddedIpv4(address);
        boolean internal = isInternal(address) || (embedded != null && isInternal(embedded));
        if (!internal || allowedAddress(address) || (embedded != null && allowedAddress(embedded))) {
            return Optional.empty();
        }
        InetAddress shown = embedded != null ? embedded : address;
        return Optional.of("the URL's host is the internal address " + shown.getHostAddress()
                + " (loopback, private, link-local, shared or unspecified addresses are refused); an operator can"
                + " allow it with SHOPWATCH_WEBHOOK_ALLOWLIST");
    }

    /** The host of an absolute URL as parsers read it: no user info or port, percent-decoded, lower case. */
    static String hostOf(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = AUTHORITY.matcher(url.trim());
        if (!m.lookingAt()) {
            return null;
        }
        String authority = m.group(1);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close < 0 ? authority.substring(1) : authority.substring(1, close);
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
        }
        host = percentDecode(host).toLowerCase(Locale.ROOT);
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host;
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The address a host names literally (IPv6, or IPv4 in any inet_aton form); null for a name. */
    static InetAddress literal(String host) {
        try {
            if (host.indexOf(':') >= 0) {
                int zone = host.indexOf('%');
                String bare = zone < 0 ? host : host.substring(0, zone);
                return bare.matches("[0-9a-f:.]+") ? InetAddress.getByName(bare) : null;
            }
            byte[] v4 = ipv4(host);
            return v4 == null ? null : InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * IPv4 as inet_aton reads it: one to four parts, each decimal, {@code 0x} hexadecimal or {@code 0} octal; the last
     * part fills the remaining bytes ({@code 127.1} is 127.0.0.1, {@code 2130706433} too). Null when it is not one.
     */
    static byte[] ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        BigInteger[] values = new BigInteger[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (!p.matches("[0-9a-fx]+")) {
                return null;
            }
            try {
                if (p.startsWith("0x")) {
                    values[i] = p.length() == 2 ? BigInteger.ZERO : new BigInteger(p.substring(2), 16);
                } else if (p.length() > 1 && p.startsWith("0")) {
                    values[i] = new BigInteger(p.substring(1), 8);
                } else {
                    values[i] = new BigInteger(p, 10);
                }
            } catch (NumberFormatException e) {
                return null;
            }
            if (values[i].signum() < 0) {
                return null;
            }
        }
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i].compareTo(BigInteger.valueOf(255)) > 0) {
                return null;
            }
            value |= values[i].longValue() << (8 * (3 - i));
        }
        BigInteger last = values[parts.length - 1];
        if (last.bitLength() > 8 * (5 - parts.length)) {
            return null;
        }
        value |= last.longValue();
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** The IPv4 address inside an IPv4-compatible ({@code ::a.b.c.d}) or NAT64 ({@code 64:ff9b::a.b.c.d}) address. */
    private static InetAddress embeddedIpv4(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return null;
        }
        byte[] b = a.getAddress();
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= b[i] == 0;
        }
        boolean nat64 =
                (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        boolean unspecifiedOrLoopback = compatible && (b[12] | b[13] | b[14]) == 0 && (b[15] == 0 || b[15] == 1);
        if ((!compatible && !nat64) || unspecifiedOrLoopback) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            return null;
        }
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
