package dev.gateway.common.contract;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiContractTest {

    @Test
    void literalPathsWinOverParameters() {
        assertEquals("/sessions/create", ApiContract.find("POST", "/sessions/create").orElseThrow().template());
        assertEquals("/sessions/{session_id}", ApiContract.find("GET", "/sessions/abc").orElseThrow().template());
        assertEquals("/sessions/events", ApiContract.find("GET", "/sessions/events").orElseThrow().template());
    }

    @Test
    void eachPathGoesToItsOwner() {
        assertEquals(Owner.AUTH, ApiContract.find("POST", "/sessions/login").orElseThrow().owner());
        assertEquals(Owner.SESSION, ApiContract.find("POST", "/sessions/update/x").orElseThrow().owner());
        assertEquals(Owner.HUB, ApiContract.find("GET", "/ws/connect").orElseThrow().owner());
        assertEquals(Owner.EDGE, ApiContract.find("GET", "/health").orElseThrow().owner());
    }

    @Test
    void proxyRoutesTakeAnyMethodAndAnyRest() {
        assertEquals(Owner.EDGE, ApiContract.find("PATCH", "/api/proxy/weather/a/b/c").orElseThrow().owner());
        assertEquals(Owner.EDGE, ApiContract.find("GET", "/api/proxy/weather").orElseThrow().owner());
    }

    @Test
    void unknownPathsHaveNoRouteAndNoMethods() {
        assertTrue(ApiContract.find("GET", "/nope").isEmpty());
        assertTrue(ApiContract.allowedMethods("/nope").isEmpty());
        assertTrue(ApiContract.find("GET", "/sessions/update/x/y").isEmpty());
    }

    @Test
    void allowedMethodsListEveryMethodOfAPath() {
        assertEquals(Set.of("POST"), ApiContract.allowedMethods("/sessions/update/abc"));
        assertTrue(ApiContract.find("DELETE", "/sessions/update/abc").isEmpty());
    }
}
