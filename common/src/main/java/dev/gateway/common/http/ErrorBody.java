package dev.gateway.common.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The API.md error body, identical from every service. */
public record ErrorBody(String error, String detail, int statusCode, String timestamp, String path, String requestId) {

    public static ErrorBody of(int status, String title, String detail, String path, String requestId) {
        return new ErrorBody(title, detail, status, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), path, requestId);
    }
}
