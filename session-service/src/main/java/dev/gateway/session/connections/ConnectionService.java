package dev.gateway.session.connections;

import dev.gateway.common.connections.ConnectionRecords;
import dev.gateway.common.connections.ConnectionRecords.HubEntry;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.BearerToken;
import dev.gateway.common.http.HttpJson;
import dev.gateway.common.tokens.Authenticator;
import dev.gateway.common.tokens.Principal;
import dev.gateway.session.events.EventStreams;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Comparator;
import java.util.Map;

/** {@code GET /sessions/users/{user_id}/connection}: where a user's sockets are, from the connection records. */
public final class ConnectionService implements HttpService {
    private final ConnectionRecords records;
    private final Authenticator authenticator;

    public ConnectionService(ConnectionRecords records, Authenticator authenticator) {
        this.records = records;
        this.authenticator = authenticator;
    }

    /** The user's WebSocket connection as API.md shows it: the hub with the most recent activity. */
    public record UserConnection(String userId, String sessionId, String gatewayId, boolean wsConnected,
                                 double connectedAt, double lastActivity, int connections) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/users/{user_id}/connection", this::connection);
    }

    private void connection(ServerRequest request, ServerResponse response) {
        Principal principal = authenticator.authenticate(BearerToken.require(request.headers()));
        String userId = request.path().pathParameters().get("user_id");
        if (!userId.equalsIgnoreCase(principal.userId()) && !principal.isAdmin()) {
            throw ApiException.forbidden("You may only see your own connection");
        }
        Map<String, HubEntry> entries = records.entries(userId);
        entries.keySet().removeIf(hub -> hub.startsWith(EventStreams.HUB_PREFIX));
        Map.Entry<String, HubEntry> latest = entries.entrySet().stream()
                .max(Comparator.comparingLong(entry -> entry.getValue().lastActivityMillis()))
                .orElseThrow(() -> ApiException.notFound("No connection for user '" + userId + "'"));
        HubEntry entry = latest.getValue();
        int sockets = entries.values().stream().mapToInt(HubEntry::sockets).sum();
        HttpJson.send(response, new UserConnection(userId, entry.sessionId(), latest.getKey(), true,
                entry.connectedAtMillis() / 1000.0, entry.lastActivityMillis() / 1000.0, sockets));
    }
}
