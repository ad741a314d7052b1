package dev.gateway.edge.routes;

import dev.gateway.common.http.ApiException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Which upstreams a dynamic route may point at: http(s) origins, optionally with a path, and never a
 * link-local or cloud metadata address (169.254.0.0/16, fe80::/10, metadata host names) unless configured.
 */
final class RouteTargets {
    private static final Set<String> METADATA_HOSTS = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal");
    private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

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
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (METADATA_HOSTS.contains(bare.toLowerCase(Locale.ROOT))) {
            return true;
        }
        try {
            // names are resolved too, so that a name for 169.254.169.254 is refused like the address
            for (InetAddress address : InetAddress.getAllByName(bare)) {
                if (address.isLinkLocalAddress() || METADATA_ADDRESSES.contains(address.getHostAddress())) {
                    return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    private static ApiException invalid(String detail) {
        return ApiException.validation("base_url", detail);
    }
}
