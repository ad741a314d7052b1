package dev.gateway.common.routes;

import io.helidon.webclient.api.DnsAddressLookup;
import io.helidon.webclient.spi.DnsResolver;

import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Addresses a dynamic route's backend may not have: link-local ones (169.254.0.0/16, fe80::/10, also inside
 * IPv4-mapped and NAT64 IPv6 addresses), where clouds serve instance metadata and credentials, and the
 * metadata addresses outside that range. Checked when a route is registered and again on every connection
 * to a backend, since a name may resolve elsewhere by then (DNS rebinding); {@code ROUTES_ALLOW_LINK_LOCAL}
 * turns both off.
 */
public final class RouteAddresses {
    private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");
    /** IPv6 prefixes whose last four bytes are an IPv4 address the packets reach: IPv4-mapped and NAT64. */
    private static final List<byte[]> IPV4_CARRYING_PREFIXES = List.of(
            new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff},
            new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});

    private RouteAddresses() {
    }

    public static boolean isForbidden(InetAddress address) {
        if (address.isLinkLocalAddress() || METADATA_ADDRESSES.contains(address.getHostAddress())) {
            return true;
        }
        byte[] bytes = address.getAddress();
        return address instanceof Inet6Address
                && IPV4_CARRYING_PREFIXES.stream().anyMatch(prefix -> Arrays.equals(bytes, 0, 12, prefix, 0, 12))
                && isForbidden(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
    }

    /**
     * The IPv4 address {@code host} means when written as numbers the way C resolvers read them (inet_aton):
     * one to four dot-separated parts, each decimal, octal ({@code 0} first) or hex ({@code 0x} first), the
     * last part filling the remaining bytes, so {@code 0xA9FEA9FE}, {@code 0251.0376.0251.0376} and
     * {@code 169.254.43518} are all 169.254.169.254. Empty for anything else.
     */
    public static Optional<InetAddress> ipv4Literal(String host) {
        String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = bare.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            long limit = i < parts.length - 1 ? 0xffL : 0xffffffffL >>> (8 * (parts.length - 1));
            values[i] = number(parts[i]);
            if (values[i] < 0 || values[i] > limit) {
                return Optional.empty();
            }
        }
        long address = values[parts.length - 1];
        for (int i = 0; i < parts.length - 1; i++) {
            address |= values[i] << (8 * (3 - i));
        }
        return Optional.of(ipv4(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8),
                (byte) address}));
    }

    /**
     * A resolver for Helidon's web client, which asks it for the address of every connection it opens: the
     * address it returns is the one connected to, so a forbidden one is refused right there.
     */
    public static DnsResolver resolver(boolean allowLinkLocal) {
        return (host, lookup) -> resolve(host, lookup, allowLinkLocal);
    }

    /**
     * Resolves {@code target}'s host and refuses a forbidden address, for clients without a resolver hook
     * (the JDK's). They resolve the name again when they connect, but through the same JVM-wide cache, so
     * they get the address checked here unless the cache entry expires in between.
     */
    public static void check(URI target, boolean allowLinkLocal) {
        address(target.getHost(), allowLinkLocal);
    }

    /**
     * The address to connect to for {@code host} (a URI's host, IPv6 literals in brackets), refused when it
     * is forbidden, for clients that open their own sockets.
     */
    public static InetAddress address(String host, boolean allowLinkLocal) {
        return resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, DnsAddressLookup.defaultLookup(),
                allowLinkLocal);
    }

    private static InetAddress resolve(String host, DnsAddressLookup lookup, boolean allowLinkLocal) {
        InetAddress[] addresses;
        try {
            // numbers mean what ipv4Literal says (as in browsers), whatever the JDK would make of them
            Optional<InetAddress> literal = ipv4Literal(host);
            addresses = literal.isPresent() ? new InetAddress[] {literal.get()} : lookup.filter(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
        if (addresses.length == 0) {
            throw new UncheckedIOException(new UnknownHostException(host + " has no address of the wanted IP version"));
        }
        if (!allowLinkLocal && isForbidden(addresses[0])) {
            throw new ForbiddenAddressException(host, addresses[0]);
        }
        return addresses[0];
    }

    /** One part of a numeric IPv4 address, or -1. */
    private static long number(String part) {
        String lower = part.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            return parse(lower.substring(2), 16, "0123456789abcdef");
        }
        if (lower.length() > 1 && lower.startsWith("0")) {
            return parse(lower.substring(1), 8, "01234567");
        }
        return parse(lower, 10, "0123456789");
    }

    private static long parse(String digits, int radix, String allowed) {
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(c -> allowed.indexOf(c) >= 0)) {
            return -1;
        }
        return Long.parseLong(digits, radix);
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A route's backend resolved to a link-local or metadata address. */
    public static final class ForbiddenAddressException extends RuntimeException {
        public ForbiddenAddressException(String host, InetAddress address) {
            super(host + " resolves to " + address.getHostAddress() + ", a link-local or metadata address");
        }
    }
}
