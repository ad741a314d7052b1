package dev.gateway.session.sessions;

import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.BearerToken;
import dev.gateway.common.http.HttpJson;
import dev.gateway.common.json.Json;
import dev.gateway.common.sessions.SessionPage;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.sessions.SessionTerminator;
import dev.gateway.common.tokens.Authenticator;
import dev.gateway.common.tokens.Principal;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The administrators' session endpoints, {@code /sessions/admin/...}. */
public final class AdminSessionsService implements HttpService {
    private static final Pattern CURSOR = Pattern.compile("[0-9]{1,20}");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final SessionStore sessions;
    private final SessionTerminator terminator;
    private final Authenticator authenticator;

    public AdminSessionsService(SessionStore sessions, SessionTerminator terminator, Authenticator authenticator) {
        this.sessions = sessions;
        this.terminator = terminator;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/admin/all-sessions", this::all)
                .delete("/admin/sessions/{session_id}", this::delete);
    }

    private void all(ServerRequest request, ServerResponse response) {
        requireAdmin(request);
        String cursor = request.query().first("cursor").asOptional().filter(value -> !value.isEmpty()).orElse("0");
        if (!CURSOR.matcher(cursor).matches()) {
            throw ApiException.badRequest("cursor must be the next_cursor of a previous page");
        }
        int limit = limit(request.query().first("limit").asOptional().orElse(null));
        SessionPage page = sessions.page(cursor, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessions", page.sessions());
        body.put("next_cursor", page.nextCursor());
        HttpJson.send(response, body);
    }

    private void delete(ServerRequest request, ServerResponse response) {
        requireAdmin(request);
        String sessionId = request.path().pathParameters().get("session_id");
        if (!terminator.end(sessionId, "Session ended by an administrator")) {
            throw ApiException.notFound("Session not found");
        }
        HttpJson.send(response, Json.fields("message", "Session deleted", "session_id", sessionId));
    }

    private void requireAdmin(ServerRequest request) {
        Principal principal = authenticator.authenticate(BearerToken.require(request.headers()));
        if (!principal.isAdmin()) {
            throw ApiException.forbidden("Admin role required");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }
}
