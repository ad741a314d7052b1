package dev.gateway.common.http;

import dev.gateway.common.contract.ApiContract;
import dev.gateway.common.json.Json;
import dev.gateway.common.log.LogContext;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps every failure to the API.md error body: the one place where errors become responses. */
public final class ErrorResponses {
    private static final Logger LOG = Logger.getLogger(ErrorResponses.class.getName());

    private ErrorResponses() {
    }

    /** Installs the error handlers; call before registering routes. */
    public static void install(HttpRouting.Builder routing) {
        routing.error(ApiException.class, ErrorResponses::send)
                .error(Json.MalformedJsonException.class,
                        (req, res, e) -> send(req, res, 400, "Bad Request", "Malformed JSON in request body"))
                .error(HttpException.class, ErrorResponses::httpException)
                .error(Throwable.class, ErrorResponses::unexpected);
    }

    /** The last route of every service: 405 for a known path with another method, else 404. */
    public static void unmatched(ServerRequest request, ServerResponse response) {
        String path = request.prologue().uriPath().rawPath();
        Set<String> allowed = ApiContract.allowedMethods(path);
        if (!allowed.isEmpty() && !allowed.contains("ANY")) {
            throw new ApiException(405, "Method Not Allowed",
                    "Method " + request.prologue().method().text() + " is not allowed on " + path)
                    .withHeader(HeaderNames.ALLOW.defaultCase(), String.join(", ", allowed));
        }
        throw ApiException.notFound("No route for " + request.prologue().method().text() + " " + path);
    }

    public static void send(ServerRequest request, ServerResponse response, int status, String title, String detail) {
        String requestId = LogContext.requestId();
        if (requestId == null) {
            requestId = RequestIds.accept(request.headers().first(RequestIds.HEADER).orElse(null));
        }
        response.header(RequestIds.HEADER, requestId);
        HttpJson.send(response, status,
                ErrorBody.of(status, title, detail, request.prologue().uriPath().rawPath(), requestId));
    }

    /** Sends {@code e} as the error body with its headers, for services that wrap the default handler. */
    public static void send(ServerRequest request, ServerResponse response, ApiException e) {
        e.headers().forEach((name, value) -> response.header(name, value));
        send(request, response, e.status(), e.title(), e.detail());
    }

    private static void httpException(ServerRequest request, ServerResponse response, HttpException e) {
        int status = e.status().code();
        if (status >= 500) {
            LOG.log(Level.SEVERE, "request failed", e);
        }
        String detail = status == 404 ? "No route for " + request.prologue().uriPath().rawPath() : e.getMessage();
        send(request, response, status, e.status().reasonPhrase(), detail);
    }

    private static void unexpected(ServerRequest request, ServerResponse response, Throwable e) {
        LOG.log(Level.SEVERE, "unexpected failure", e);
        send(request, response, 500, "Internal Server Error", "The server could not complete the request");
    }
}
