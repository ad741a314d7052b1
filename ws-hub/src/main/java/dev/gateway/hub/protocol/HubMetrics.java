package dev.gateway.hub.protocol;

import dev.gateway.common.metrics.Metrics;

import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hub's counters on {@code /metrics}: messages in and out per type, send-queue drops and close codes.
 * Types outside API.md are counted as {@code other}, so clients cannot grow the label set.
 */
public final class HubMetrics {
    private static final Set<String> TYPES = Set.of("connected", "ping", "pong", "update_api_key", "ack",
            "chat_message", "chat_ack", "admin_command", "admin_response", "session_updated", "broadcast", "error",
            "invalid");
    private static final String TYPE_PREFIX = "{\"type\":\"";

    private final Metrics metrics;
    private final LongAdder in = new LongAdder();
    private final LongAdder out = new LongAdder();
    private final LongAdder drops;

    public HubMetrics(Metrics metrics) {
        this.metrics = metrics;
        this.drops = metrics.counter("ws_send_queue_drops_total", "Sockets dropped because their send queue was full");
    }

    void received(String type) {
        in.increment();
        metrics.counter("ws_messages_in_total", "WebSocket messages received, by type", "type", label(type)).increment();
    }

    /** Counts a message that was written; its type is read from the start of the JSON text. */
    void sent(String json) {
        out.increment();
        String type = "other";
        if (json.startsWith(TYPE_PREFIX)) {
            int end = json.indexOf('"', TYPE_PREFIX.length());
            type = end < 0 ? type : json.substring(TYPE_PREFIX.length(), end);
        }
        metrics.counter("ws_messages_out_total", "WebSocket messages sent, by type", "type", label(type)).increment();
    }

    void dropped() {
        drops.increment();
    }

    void closed(int code) {
        metrics.counter("ws_closes_total", "WebSocket closes, by close code", "code", Integer.toString(code)).increment();
    }

    long messagesIn() {
        return in.sum();
    }

    long messagesOut() {
        return out.sum();
    }

    long drops() {
        return drops.sum();
    }

    private static String label(String type) {
        return TYPES.contains(type) ? type : "other";
    }
}
