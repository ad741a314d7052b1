package dev.gateway.session;

import dev.gateway.common.config.Settings;
import dev.gateway.common.config.SettingsLoader;
import dev.gateway.common.health.HealthService;
import dev.gateway.common.log.JsonLogging;
import dev.gateway.common.server.ApiServer;
import dev.gateway.common.server.CommonServices;
import dev.gateway.common.server.RunningService;
import dev.gateway.session.connections.ConnectionService;
import dev.gateway.session.events.EventStreams;
import dev.gateway.session.events.EventsService;
import dev.gateway.session.sessions.AdminSessionsService;
import dev.gateway.session.sessions.SessionsService;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;

import java.util.List;

/** session-service: sessions and their data. */
public final class Main {
    public static final String SERVICE = "session-service";

    private Main() {
    }

    public static void main(String[] args) {
        Settings settings = SettingsLoader.load(SERVICE);
        JsonLogging.install(SERVICE, settings.logLevel());
        start(settings).closeOnShutdown();
    }

    public static RunningService start(Settings settings) {
        CommonServices common = CommonServices.create(settings);
        HealthService health = common.health(SERVICE, body -> body.putPOJO("write_behind", common.writeBehind().stats()));
        SessionsService sessions = new SessionsService(common.sessions(), common.writeBehind(), common.authenticator(),
                common.userEvents(), settings.server().publicUrl());
        AdminSessionsService admin = new AdminSessionsService(common.sessions(), common.terminator(),
                common.authenticator());
        ConnectionService connections = new ConnectionService(common.connections(), common.authenticator());
        EventStreams streams = new EventStreams(common.connections(), common.userEvents(), common.events(),
                settings.instanceId());
        EventsService events = new EventsService(streams, common.authenticator(), common.sessions());
        WebServer server = ApiServer.start(settings.server().bindHost(), settings.server().sessionPort(), common.metrics(),
                routing -> routing(routing, health, List.of(admin, connections, events, sessions)));
        return new RunningService(SERVICE, server, List.of(streams, common));
    }

    /** {@code services} under /sessions, fixed paths first: GET /sessions/{session_id} would otherwise match them. */
    static void routing(HttpRouting.Builder routing, HealthService health, List<HttpService> services) {
        routing.register(health);
        services.forEach(service -> routing.register("/sessions", service));
    }
}
