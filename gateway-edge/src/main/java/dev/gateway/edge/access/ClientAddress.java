package dev.gateway.edge.access;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The client's address as the edge can trust it. {@code X-Forwarded-For} is believed only when it was added
 * by a proxy in {@code TRUSTED_PROXIES} (CIDR blocks): then the client is the rightmost address that is not
 * such a proxy. Otherwise the TCP peer is the client and whatever it sent in {@code X-Forwarded-For} is dropped,
 * so that nobody can pick their own address for rate limits or lockouts.
 */
public final class ClientAddress {
    private final List<Block> trusted;

    /** {@code trustedProxies} are CIDR blocks such as {@code 10.0.0.0/8}, already validated by the settings parser. */
    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(Block::parse).toList();
    }

    /** The address rate limits and upstreams should see as the client's. */
    public String of(ServerRequest request) {
        return of(request.remotePeer().host(), request.headers().first(HeaderNames.X_FORWARDED_FOR));
    }

    /** The client's address from the TCP peer and the {@code X-Forwarded-For} it sent, e.g. of a WebSocket upgrade. */
    public String of(String peer, Optional<String> forwardedFor) {
        List<String> chain = chain(peer, forwardedFor);
        return chain.get(clientIndex(chain));
    }

    /**
     * The {@code X-Forwarded-For} value to send upstream: the believed part of the chain, ending with the client
     * as {@link #of} resolves it. Our own proxies after it are left out, so that services behind the edge can
     * take the last entry as the client (auth-service's login lockout does) without knowing the proxies.
     */
    public String forwardedFor(ServerRequest request) {
        List<String> chain = chain(request.remotePeer().host(), request.headers().first(HeaderNames.X_FORWARDED_FOR));
        return String.join(", ", chain.subList(0, clientIndex(chain) + 1));
    }

    /** The rightmost address that is not a trusted proxy; the leftmost when all are. */
    private int clientIndex(List<String> chain) {
        for (int i = chain.size() - 1; i > 0; i--) {
            if (!isTrusted(chain.get(i))) {
                return i;
            }
        }
        return 0;
    }

    /** Addresses from the client towards the edge, the TCP peer last; untrusted hops' claims left out. */
    private List<String> chain(String peer, Optional<String> forwardedFor) {
        if (!isTrusted(peer)) {
            return List.of(peer);
        }
        List<String> claimed = forwardedFor
                .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList())
                .orElse(List.of());
        List<String> chain = new ArrayList<>(claimed);
        chain.add(peer);
        return chain;
    }

    private boolean isTrusted(String address) {
        return trusted.stream().anyMatch(block -> block.contains(address));
    }

    /** One CIDR block. */
    private record Block(BigInteger network, int prefix, int bits) {
        static Block parse(String cidr) {
            String[] parts = cidr.split("/", 2);
            byte[] address = literal(parts[0]);
            int bits = address.length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            return new Block(new BigInteger(1, address).shiftRight(bits - prefix), prefix, bits);
        }

        boolean contains(String address) {
            try {
                byte[] bytes = literal(address);
                return bytes.length * 8 == bits && new BigInteger(1, bytes).shiftRight(bits - prefix).equals(network);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** The bytes of an IP literal; never a DNS lookup. */
        static byte[] literal(String text) {
            // only literals get here, so that a forged header never causes a DNS lookup
            if (!text.matches("[0-9.]+|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*")) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            try {
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + text, e);
            }
        }
    }
}
