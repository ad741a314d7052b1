package dev.gateway.common.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception type of the gateway: thrown anywhere, rendered once as the API error body
 * ({@code error}, {@code detail}, {@code status_code}, ...) by {@link ErrorResponses}.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public ApiException(int status, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.title = title;
    }

    /** Adds a header to the error response, such as {@code Allow} or {@code Retry-After}. */
    public ApiException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not Found", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail);
    }

    public static ApiException validation(String field, String detail) {
        return new ApiException(422, "Validation Error", field + ": " + detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "Service Unavailable", detail);
    }
}
