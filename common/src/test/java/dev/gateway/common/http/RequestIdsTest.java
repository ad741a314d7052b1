package dev.gateway.common.http;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RequestIdsTest {
    @Test
    void generatedIdsAreDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.generate();
            UUID uuid = UUID.fromString(id);
            assertEquals(4, uuid.version());
            assertEquals(2, uuid.variant());
            assertEquals(id, RequestIds.accept(id));
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    void anInsaneIncomingIdIsReplaced() {
        assertNotEquals("bad id\u0000", RequestIds.accept("bad id\u0000"));
        assertEquals(36, RequestIds.accept("x".repeat(129)).length());
    }
}
