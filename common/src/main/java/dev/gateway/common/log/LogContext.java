package dev.gateway.common.log;

/**
 * Request id and user of the request the current thread serves, so that every log line written while
 * handling it carries them. Helidon runs each request on its own virtual thread.
 */
public final class LogContext {
    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
    private static final ThreadLocal<String> USER = new ThreadLocal<>();

    private LogContext() {
    }

    public static void requestId(String requestId) {
        REQUEST_ID.set(requestId);
    }

    public static void user(String user) {
        USER.set(user);
    }

    public static String requestId() {
        return REQUEST_ID.get();
    }

    public static String user() {
        return USER.get();
    }

    public static void clear() {
        REQUEST_ID.remove();
        USER.remove();
    }
}
