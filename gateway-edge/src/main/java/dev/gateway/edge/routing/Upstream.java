package dev.gateway.edge.routing;

import java.net.URI;

/** Where a pooled connection goes: connections are shared by requests to the same scheme, host and port. */
record Upstream(boolean tls, String host, int port) {
    static Upstream of(URI target) {
        boolean tls = target.getScheme().equalsIgnoreCase("https");
        return new Upstream(tls, target.getHost(), target.getPort() >= 0 ? target.getPort() : tls ? 443 : 80);
    }

    /** The {@code Host} header's value: the port only when it is not the scheme's own. */
    String authority() {
        return port == (tls ? 443 : 80) ? host : host + ":" + port;
    }
}
