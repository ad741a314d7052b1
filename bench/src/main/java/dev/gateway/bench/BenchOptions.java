package dev.gateway.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Command-line options of a benchmark run: {@code --name value} pairs, each with a default. */
public record BenchOptions(List<URI> targets,
                           List<String> scenarios,
                           List<Integer> users,
                           int accounts,
                           Duration duration,
                           Duration warmup,
                           int rate,
                           int concurrency,
                           long messages,
                           Path pidDir,
                           Optional<URI> redis,
                           Path out,
                           List<InetAddress> sourceAddresses,
                           List<Baseline> baselines,
                           URI hub,
                           URI sessionService,
                           String nginx,
                           int processes) {

    private static final Set<String> NAMES = Set.of("target", "scenario", "users", "accounts", "duration", "warmup",
            "rate", "concurrency", "messages", "pids", "redis", "out", "source-addresses", "baseline", "hub",
            "session-service", "nginx", "processes");

    public static BenchOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            if (!args[i].startsWith("--") || !NAMES.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option: " + args[i]);
            }
            values.put(name, args[++i]);
        }
        return new BenchOptions(
                Arrays.stream(values.getOrDefault("target", "http://127.0.0.1:8000").split(",")).map(String::trim)
                        .map(URI::create).toList(),
                List.of(values.getOrDefault("scenario", "ws-updates").split(",")),
                Arrays.stream(values.getOrDefault("users", "100").split(",")).map(Integer::parseInt).toList(),
                Integer.parseInt(values.getOrDefault("accounts", "0")),
                duration(values.getOrDefault("duration", "20s")),
                duration(values.getOrDefault("warmup", "3s")),
                Integer.parseInt(values.getOrDefault("rate", "0")),
                Integer.parseInt(values.getOrDefault("concurrency", "32")),
                Long.parseLong(values.getOrDefault("messages", "0")),
                Path.of(values.getOrDefault("pids", "var/run")),
                Optional.ofNullable(values.get("redis")).filter(v -> !v.isBlank()).map(URI::create),
                Path.of(values.getOrDefault("out", "var/bench")),
                addresses(values.get("source-addresses")),
                Baseline.parse(values.getOrDefault("baseline", "")),
                URI.create(values.getOrDefault("hub", "http://127.0.0.1:8083")),
                URI.create(values.getOrDefault("session-service", "http://127.0.0.1:8082")),
                values.getOrDefault("nginx", "nginx"),
                Integer.parseInt(values.getOrDefault("processes", "1")));
    }

    /** The first edge: HTTP calls and single-edge scenarios go there; soak spreads sockets over every edge. */
    public URI target() {
        return targets.getFirst();
    }

    /** The scenarios to run, in order: the chosen ones with each chosen baseline next to the one it is compared with. */
    public List<String> plan() {
        return Baseline.schedule(scenarios.stream().map(String::trim).toList(), baselines);
    }

    /** Accounts to log in for {@code users} connections: every connection gets its own session. */
    public int accountsFor(int userCount) {
        return accounts > 0 ? Math.min(accounts, userCount) : Math.min(userCount, 200);
    }

    static Duration duration(String text) {
        String value = text.trim().toLowerCase();
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(value.replaceFirst("s$", "")));
    }

    private static List<InetAddress> addresses(String list) {
        List<InetAddress> addresses = new ArrayList<>();
        if (list != null) {
            for (String part : list.split(",")) {
                try {
                    addresses.add(InetAddress.getByName(part.trim()));
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("bad source address: " + part, e);
                }
            }
        }
        return addresses;
    }
}
