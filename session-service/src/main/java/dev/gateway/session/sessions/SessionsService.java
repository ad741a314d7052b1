package dev.gateway.session.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.connections.UserEvent;
import dev.gateway.common.connections.UserEvents;
import dev.gateway.common.http.ApiException;
import dev.gateway.common.http.BearerToken;
import dev.gateway.common.http.HttpJson;
import dev.gateway.common.json.Json;
import dev.gateway.common.sessions.Session;
import dev.gateway.common.sessions.SessionStore;
import dev.gateway.common.sessions.SessionSummary;
import dev.gateway.common.sessions.SessionWriteBehind;
import dev.gateway.common.tokens.Authenticator;
import dev.gateway.common.tokens.Principal;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The Sessions endpoints of API.md under {@code /sessions}. */
public final class SessionsService implements HttpService {
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_CHAT_ID = 256;

    private final SessionStore sessions;
    private final Authenticator authenticator;
    private final WsUrls wsUrls;
    private final UserEvents userEvents;
    private final SessionWriteBehind writeBehind;

    public SessionsService(SessionStore sessions, SessionWriteBehind writeBehind, Authenticator authenticator,
                           UserEvents userEvents, Optional<URI> publicUrl) {
        this.sessions = sessions;
        this.writeBehind = writeBehind;
        this.userEvents = userEvents;
        this.authenticator = authenticator;
        this.wsUrls = new WsUrls(publicUrl);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/create", this::create)
                .post("/update/{session_id}", this::update)
                .get("/users/{user_id}/sessions", this::listForUser)
                .get("/{session_id}", this::get);
    }

    record CreateRequest(String chatId, String sessionId) {
    }

    record UpdateRequest(JsonNode data, String chatId) {
    }

    private void create(ServerRequest request, ServerResponse response) {
        String token = BearerToken.require(request.headers());
        Principal principal = authenticator.authenticate(token);
        CreateRequest body = request.content().hasEntity()
                ? HttpJson.read(request, CreateRequest.class)
                : new CreateRequest(null, null);
        if (body.sessionId() != null && !SESSION_ID.matcher(body.sessionId()).matches()) {
            throw ApiException.validation("session_id", "must be 1-64 characters of letters, digits, '_' or '-'");
        }
        checkChatId(body.chatId());
        Session session = sessions.create(principal.userId(), body.chatId(), body.sessionId())
                .orElseThrow(() -> ApiException.conflict("Session '" + body.sessionId() + "' already exists"));
        HttpJson.send(response, SessionResponse.of(session,
                wsUrls.forSession(request.headers(), session.sessionId(), token)));
    }

    private void get(ServerRequest request, ServerResponse response) {
        String token = BearerToken.require(request.headers());
        Principal principal = authenticator.authenticate(token);
        Session session = existing(request.path().pathParameters().get("session_id"));
        if (!session.userId().equals(principal.userId()) && !principal.isAdmin()) {
            throw ApiException.forbidden("Not your session");
        }
        String wsUrl = session.userId().equals(principal.userId())
                ? wsUrls.forSession(request.headers(), session.sessionId(), token)
                : "";
        HttpJson.send(response, SessionResponse.of(session, wsUrl));
    }

    private void update(ServerRequest request, ServerResponse response) {
        Principal principal = authenticator.authenticate(BearerToken.require(request.headers()));
        String sessionId = request.path().pathParameters().get("session_id");
        UpdateRequest body = HttpJson.read(request, UpdateRequest.class);
        if (body.data() == null || !body.data().isObject()) {
            throw ApiException.validation("data", "must be a JSON object");
        }
        checkChatId(body.chatId());
        // the token's own session was just found to be the caller's; only another session is looked up
        String owner = sessionId.equals(principal.sessionId()) ? principal.userId()
                : sessions.owner(sessionId).orElseThrow(() -> ApiException.notFound("Session not found"));
        if (!owner.equals(principal.userId())) {
            throw ApiException.forbidden("Not your session");
        }
        Map<String, JsonNode> updates = new LinkedHashMap<>();
        ((ObjectNode) body.data()).fields().forEachRemaining(field -> updates.put(field.getKey(), field.getValue()));
        // Answered only once the batch round holding this update is stored: an acknowledged update is never lost.
        if (!writeBehind.updateAndWait(sessionId, owner, updates, body.chatId())) {
            throw ApiException.notFound("Session not found");
        }
        userEvents.publish(UserEvent.sessionUpdated(owner, null, sessionId, body.data(), body.chatId()));
        HttpJson.send(response, Json.fields("message", "Session updated", "session_id", sessionId));
    }

    private void listForUser(ServerRequest request, ServerResponse response) {
        Principal principal = authenticator.authenticate(BearerToken.require(request.headers()));
        String userId = request.path().pathParameters().get("user_id");
        if (!userId.equalsIgnoreCase(principal.userId()) && !principal.isAdmin()) {
            throw ApiException.forbidden("You may only list your own sessions");
        }
        List<SessionSummary> list = sessions.listForUser(userId);
        HttpJson.send(response, Json.fields("sessions", list, "count", list.size()));
    }

    private Session existing(String sessionId) {
        return sessions.find(sessionId).orElseThrow(() -> ApiException.notFound("Session not found"));
    }

    private static void checkChatId(String chatId) {
        if (chatId != null && chatId.length() > MAX_CHAT_ID) {
            throw ApiException.validation("chat_id", "must be at most " + MAX_CHAT_ID + " characters");
        }
    }
}
