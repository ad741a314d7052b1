package dev.gateway.bench.measure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Redis command counts from {@code INFO commandstats}, to compare before and after a run. */
public final class RedisCommandStats {
    private final URI redis;

    public RedisCommandStats(URI redis) {
        this.redis = redis;
    }

    /** Calls per command since Redis started (or its stats were reset). */
    public Map<String, Long> calls() {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info("commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String count = line.substring(line.indexOf("calls=") + 6).split(",")[0];
                calls.put(name, Long.parseLong(count));
            }
        }
        return calls;
    }

    /** The difference of two {@link #calls()} snapshots, commands that did not change left out. */
    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((command, count) -> {
            long change = count - before.getOrDefault(command, 0L);
            if (change > 0) {
                delta.put(command, change);
            }
        });
        return delta;
    }

    private String info(String section) {
        int port = redis.getPort() == -1 ? 6379 : redis.getPort();
        try (Socket socket = new Socket(redis.getHost(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("*2\r\n$4\r\nINFO\r\n$" + section.length() + "\r\n" + section + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String header = in.readLine();
            if (header == null || !header.startsWith("$")) {
                throw new IOException("unexpected reply to INFO: " + header);
            }
            char[] body = new char[Integer.parseInt(header.substring(1))];
            int read = 0;
            while (read < body.length) {
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String(body, 0, read);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read INFO from " + redis + ": " + e.getMessage(), e);
        }
    }
}
