package dev.gateway.common.contract;

/** The service that serves a public path. */
public enum Owner {
    EDGE, AUTH, SESSION, HUB
}
