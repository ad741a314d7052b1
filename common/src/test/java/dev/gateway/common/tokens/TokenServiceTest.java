package dev.gateway.common.tokens;

import dev.gateway.common.config.Settings.TokenSettings;
import dev.gateway.common.config.SettingsParser;
import dev.gateway.common.http.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A token verified once is remembered, but its lifetime is still checked on every use. */
class TokenServiceTest {
    private static final TokenSettings SETTINGS = SettingsParser.parse(Map.of(
            "SECRET_KEY", "k".repeat(40), "ACCESS_TOKEN_EXPIRE_MINUTES", "1", "TOKEN_CLOCK_LEEWAY_SECONDS", "5")).tokens();

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        MovableClock clock = new MovableClock();
        TokenService tokens = new TokenService(SETTINGS, clock);
        String token = tokens.issue("alice", "user", "s-1").token();
        assertEquals(new Principal("alice", "user", "s-1"), tokens.verify(token));

        clock.advance(Duration.ofSeconds(60 + 4));
        assertEquals("alice", tokens.verify(token).userId(), "still within the clock leeway");
        clock.advance(Duration.ofSeconds(2));
        ApiException refused = assertThrows(ApiException.class, () -> tokens.verify(token));
        assertEquals(401, refused.status());
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsStillRefused() {
        TokenService tokens = new TokenService(SETTINGS, Clock.systemUTC());
        String token = tokens.issue("alice", "user", "s-1").token();
        tokens.verify(token);
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");

        assertEquals(401, assertThrows(ApiException.class, () -> tokens.verify(tampered)).status());
    }
}
