package dev.gateway.common.server;

import dev.gateway.common.config.Settings;
import dev.gateway.common.config.Settings.SessionSettings;
import dev.gateway.common.connections.ConnectionRecords;
import dev.gateway.common.connections.UserEvents;
import dev.gateway.common.events.ControlEvents;
import dev.gateway.common.health.HealthService;
import dev.gateway.common.metrics.Metrics;
import dev.gateway.common.redis.RedisClients;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.sessions.SessionTerminator;
import dev.gateway.common.sessions.SessionWriteBehind;
import dev.gateway.common.sessions.WriteBehindReports;
import dev.gateway.common.tokens.Authenticator;
import dev.gateway.common.tokens.TokenService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.redisson.api.RedissonClient;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The parts every service wires the same way, built in dependency order: Redis client, token service,
 * session store, authenticator, control events. Each service's {@code Main} adds its own on top.
 */
public record CommonServices(Settings settings,
                             Clock clock,
                             RedissonClient redis,
                             TokenService tokens,
                             SessionStore sessions,
                             Authenticator authenticator,
                             ControlEvents events,
                             SessionTerminator terminator,
                             ConnectionRecords connections,
                             UserEvents userEvents,
                             Metrics metrics,
                             SessionWriteBehind writeBehind,
                             WriteBehindReports writeBehindReports) implements AutoCloseable {

    public static CommonServices create(Settings settings) {
        Clock clock = Clock.systemUTC();
        TokenService tokens = new TokenService(settings.tokens(), clock); // bad keys fail before Redis is opened
        RedissonClient redis = RedisClients.create(settings.redis());
        SessionStore sessions = new SessionStore(redis, settings.sessions().inactivityTimeout(), clock);
        ControlEvents events = new ControlEvents(redis);
        ConnectionRecords connections = new ConnectionRecords(redis);
        Metrics metrics = new Metrics();
        SessionWriteBehind writeBehind = writeBehind(settings.sessions(), sessions, redis, metrics);
        // Every authenticated call counts as use of its session (sliding expiry), through the batcher.
        Authenticator authenticator = new Authenticator(tokens, sessions, events, settings.tokens().sessionCheckCache(),
                clock, principal -> writeBehind.touch(principal.sessionId(), principal.userId()));
        return new CommonServices(settings, clock, redis, tokens, sessions, authenticator,
                events, new SessionTerminator(sessions, events, authenticator::ended), connections, new UserEvents(redis),
                metrics, writeBehind, new WriteBehindReports(redis, settings.instanceId(), writeBehind::stats, clock));
    }

    private static SessionWriteBehind writeBehind(SessionSettings settings, SessionStore sessions,
                                                  RedissonClient redis, Metrics metrics) {
        return new SessionWriteBehind(sessions, redis, settings.batchWriteInterval(), settings.batchQueueLimit(),
                settings.inactivityTimeout(), metrics);
    }

    /** Health endpoints of {@code service}; {@code details} adds its own fields to {@code /health}. */
    public HealthService health(String service, Consumer<ObjectNode> details) {
        return new HealthService(service, settings.instanceId(), redis, details);
    }

    @Override
    public void close() {
        authenticator.close();
        writeBehind.close();
        writeBehindReports.close();
        // Once the batcher has flushed nothing waits on Redis but the reliable topics' blocking polls,
        // which the default shutdown would wait out (about 10 s).
        redis.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
