package dev.gateway.common.websocket;

/** The close codes and reasons of API.md. */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    /** Never sent: recorded when a connection ended without a close frame. */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    public static final int TRY_AGAIN_LATER = 1013;

    public static final String INVALID_TOKEN = "Invalid token";
    public static final String SESSION_MISMATCH = "Session mismatch";
    public static final String PONG_TIMEOUT = "Pong timeout";
    public static final String INACTIVITY_TIMEOUT = "Inactivity timeout";
    public static final String GOING_AWAY_REASON = "Going away";
    public static final String TOO_SLOW = "Client too slow";

    private CloseCodes() {
    }

    /** Codes that may not be sent in a close frame (RFC 6455 7.4.1) are replaced by 1000. */
    public static int sendable(int code) {
        boolean reserved = code == 1004 || code == 1005 || code == 1006 || code == 1015;
        boolean valid = (code >= 1000 && code <= 1014) || (code >= 3000 && code <= 4999);
        return valid && !reserved ? code : NORMAL;
    }
}
