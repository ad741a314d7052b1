package dev.gateway.common.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The {@code X-Request-ID} rules: 1-128 characters of {@code [A-Za-z0-9._-]}, otherwise replaced. */
public final class RequestIds {
    public static final HeaderName HEADER = HeaderNames.create("X-Request-ID");
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private RequestIds() {
    }

    /** Keeps a sane incoming id, or makes a new one. */
    public static String accept(String incoming) {
        return incoming != null && SANE.matcher(incoming).matches() ? incoming : generate();
    }

    /**
     * A random (version 4) UUID. Request ids only need to be unique, not unguessable, so they come from a
     * thread-local generator rather than the shared, locked SecureRandom of {@link UUID#randomUUID()}.
     */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xf000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xcL << 60)) | (0x8L << 60);
        return new UUID(high, low).toString();
    }
}
