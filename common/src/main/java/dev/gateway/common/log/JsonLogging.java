package dev.gateway.common.log;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Sends all java.util.logging output (Helidon's, Redisson's through SLF4J, ours) to stderr as JSON lines. */
public final class JsonLogging {
    private JsonLogging() {
    }

    /** Replaces the root handlers; {@code level} is one of DEBUG, INFO, WARNING, ERROR. */
    public static void install(String service, String level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Level julLevel = switch (level.toUpperCase(Locale.ROOT)) {
            case "DEBUG" -> Level.FINE;
            case "WARNING" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            default -> Level.INFO;
        };
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new JsonLogFormatter(service));
        handler.setLevel(julLevel);
        root.setLevel(julLevel);
        root.addHandler(handler);
    }
}
