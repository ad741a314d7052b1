package dev.gateway.bench.measure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The write-behind's rounds and the updates they carried, summed over the services that write sessions
 * (the hub for socket updates, session-service for HTTP ones), from their {@code /metrics}: each round is
 * one pipelined Redis round trip, so rounds per update is the round-trip cost of a durable update.
 */
public final class WriteRounds {
    private static final String ROUNDS = "gateway_session_write_rounds_total ";
    private static final String UPDATES = "gateway_session_writes_received_total ";

    private final List<URI> services;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public WriteRounds(List<URI> services) {
        this.services = services;
    }

    /** Rounds and updates so far; empty when no service answered. */
    public Optional<Counts> read() {
        long rounds = 0;
        long updates = 0;
        boolean answered = false;
        for (URI service : services) {
            try {
                String metrics = http.send(HttpRequest.newBuilder(service.resolve("/metrics")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                rounds += counter(metrics, ROUNDS);
                updates += counter(metrics, UPDATES);
                answered = true;
            } catch (IOException e) {
                // not running (a baseline without that service): it wrote nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answered ? Optional.of(new Counts(rounds, updates)) : Optional.empty();
    }

    private static long counter(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name)) {
                return (long) Double.parseDouble(line.substring(name.length()).trim());
            }
        }
        return 0;
    }

    /** Write-behind rounds and the updates queued for them. */
    public record Counts(long rounds, long updates) {
    }
}
