package dev.gateway.edge.routes;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.routes.RouteAddresses;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which upstreams a dynamic route may point at: http(s) origins, optionally with a path, and never a
 * link-local or cloud metadata address ({@link RouteAddresses}, metadata host names, numeric IPv4 forms such
 * as {@code 0xA9FEA9FE}, names that resolve to one) unless configured. The address is checked again on every
 * connection, where a name may have come to resolve elsewhere.
 */
final class RouteTargets {
    private static final Set<String> METADATA_HOSTS = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal");
    private static final Pattern DECIMAL_BYTE = Pattern.compile("25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]");

    private final boolean allowLinkLocal;

    RouteTargets(boolean allowLinkLocal) {
        this.allowLinkLocal = allowLinkLocal;
    }

    /** The base URL as stored, or a 422 for {@code base_url}. */
    String check(String baseUrl) {
        URI uri = parse(baseUrl);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid("must be scheme://host[:port][/path] without credentials, query or fragment");
        }
        String path = uri.getRawPath();
        if (path.contains("%") || path.contains("/..") || path.contains("/./") || path.endsWith("/.")) {
            throw invalid("must not contain escapes or dot segments in its path");
        }
        if (!allowLinkLocal && isLinkLocalOrMetadata(uri.getHost())) {
            throw invalid("must not point at a link-local or metadata address");
        }
        return baseUrl;
    }

    private static URI parse(String baseUrl) {
        try {
            return new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URL");
        }
    }

    private static boolean isLinkLocalOrMetadata(String host) {
        String bare = (host.startsWith("[") ? host.substring(1, host.length() - 1) : host).toLowerCase(Locale.ROOT);
        // a zone id (fe80::1%eth0) only scopes link-local addresses
        if (bare.contains("%") || METADATA_HOSTS.contains(bare.endsWith(".") ? bare.substring(0, bare.length() - 1) : bare)) {
            return true;
        }
        Optional<InetAddress> literal = RouteAddresses.ipv4Literal(bare);
        if (literal.isPresent()) {
            return RouteAddresses.isForbidden(literal.get());
        }
        if (spellsForbiddenAddress(bare)) {
            return true;
        }
        try {
            // names are resolved too, so that a name for 169.254.169.254 is refused like the address
            for (InetAddress address : InetAddress.getAllByName(bare)) {
                if (RouteAddresses.isForbidden(address)) {
                    return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    /**
     * True for names of wildcard DNS services (nip.io, sslip.io) that spell a forbidden address in their labels,
     * as {@code 169.254.169.254.nip.io} or {@code 169-254-169-254.sslip.io}: refused even where DNS is not
     * reachable at registration.
     */
    private static boolean spellsForbiddenAddress(String name) {
        String[] labels = name.split("\\.");
        for (int i = 0; i + 4 <= labels.length; i++) {
            if (isForbiddenQuad(Arrays.copyOfRange(labels, i, i + 4))) {
                return true;
            }
        }
        for (String label : labels) {
            String[] pieces = label.split("-");
            if (pieces.length >= 4 && isForbiddenQuad(Arrays.copyOfRange(pieces, pieces.length - 4, pieces.length))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isForbiddenQuad(String[] parts) {
        if (!Arrays.stream(parts).allMatch(part -> DECIMAL_BYTE.matcher(part).matches())) {
            return false;
        }
        return RouteAddresses.ipv4Literal(String.join(".", parts)).filter(RouteAddresses::isForbidden).isPresent();
    }

    private static ApiException invalid(String detail) {
        return ApiException.validation("base_url", detail);
    }
}
