package dev.gateway.common.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gateway.common.json.Json;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** Formats each log record as one JSON object on one line. */
public final class JsonLogFormatter extends Formatter {
    private final String service;

    public JsonLogFormatter(String service) {
        this.service = service;
    }

    @Override
    public String format(LogRecord record) {
        ObjectNode line = Json.object();
        line.put("ts", record.getInstant().toString());
        line.put("level", record.getLevel().getName());
        line.put("service", service);
        line.put("logger", record.getLoggerName());
        line.put("message", formatMessage(record));
        if (record.getParameters() != null && record.getParameters().length == 1
                && record.getParameters()[0] instanceof ObjectNode fields) {
            line.setAll(fields);
        }
        putIfPresent(line, "request_id", LogContext.requestId());
        putIfPresent(line, "user", LogContext.user());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.put("error", trace.toString());
        }
        return line + System.lineSeparator();
    }

    private static void putIfPresent(ObjectNode line, String field, String value) {
        if (value != null) {
            line.put(field, value);
        }
    }
}
