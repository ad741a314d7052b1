package dev.gateway.common.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Refuses a request whose body cannot be delimited (RFC 9112 6.3) before anything reads the body: a
 * {@code Content-Length} that is not a non-negative decimal number or that repeats with another value, a
 * {@code Transfer-Encoding} other than {@code chunked}, or both headers at once. Helidon would guess
 * (a length of -1 reads as chunked and waits for chunks, other negative lengths fail inside its reader),
 * so such a request would hang or end in a 500. The connection closes after the 400, since where this
 * request ends and the next begins is unknown, and so it does after any other answer that says
 * {@code Connection: close} (a body that broke off while read, see {@link RequestBody}): Helidon 4.2 sends
 * that header but goes on reading the connection for another request.
 */
public final class RequestFraming implements Filter {
    private static final Pattern LENGTH = Pattern.compile("[0-9]{1,18}");

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        try {
            check(request.headers());
        } catch (ApiException e) {
            // sent here, as the connection must end right after it
            ErrorResponses.send(request, response, e);
            throw new CloseConnectionException(e.getMessage());
        }
        chain.proceed();
        if (response.isSent() && response.headers().contains(HeaderValues.CONNECTION_CLOSE)) {
            throw new CloseConnectionException("the answer closes the connection");
        }
    }

    /** A 400 for a body that could not be read as framed; the connection is closed after it. */
    public static ApiException unreadableBody(String detail) {
        return ApiException.badRequest(detail).withHeader(HeaderNames.CONNECTION.defaultCase(), "close");
    }

    private static void check(Headers headers) {
        boolean chunked = headers.contains(HeaderNames.TRANSFER_ENCODING);
        if (chunked && !headers.get(HeaderNames.TRANSFER_ENCODING).allValues().equals(List.of("chunked"))) {
            throw unreadableBody("Transfer-Encoding must be chunked");
        }
        if (!headers.contains(HeaderNames.CONTENT_LENGTH)) {
            return;
        }
        if (chunked) {
            throw unreadableBody("Content-Length and Transfer-Encoding must not both be sent");
        }
        Header length = headers.get(HeaderNames.CONTENT_LENGTH);
        if (!length.allValues().stream().allMatch(value -> LENGTH.matcher(value).matches())
                || length.allValues().stream().distinct().count() > 1) {
            throw unreadableBody("Content-Length must be one non-negative whole number");
        }
    }
}
