package dev.gateway.common.http;

import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;
import io.helidon.webclient.spi.DnsResolver;

/**
 * What a Helidon web client that calls an upstream (the hubs' route calls; the edge forwards with its own
 * HTTP/1.1 client) needs:
 * redirects are the caller's to follow, upstreams are reached directly (with Helidon's default, the
 * system's proxy settings, every request carries a {@code Proxy-Connection} header even when no proxy is
 * set), and {@code resolver} gives, and may refuse, the address of every connection.
 */
public final class UpstreamClients {
    private UpstreamClients() {
    }

    public static WebClientConfig.Builder builder(DnsResolver resolver) {
        return WebClient.builder()
                .followRedirects(false)
                .proxy(Proxy.noProxy())
                .dnsResolver(resolver);
    }
}
