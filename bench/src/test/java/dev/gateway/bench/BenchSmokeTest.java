package dev.gateway.bench;

import dev.gateway.bench.baseline.EchoServer;
import dev.gateway.bench.baseline.Nginx;
import dev.gateway.bench.scenario.ScenarioResult;
import dev.gateway.edge.EdgeStack;
import dev.gateway.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A few hundred operations of each scenario and baseline against the real services, so that the tool keeps working. */
class BenchSmokeTest {
    private static EdgeStack stack;

    /** The load comes from one address, so the limits are raised as {@code ./gateway bench} raises them. */
    private static final Map<String, String> RAISED_LIMITS = Map.of("RATE_LIMIT_LOGIN_PER_IP", "1000000000",
            "RATE_LIMIT_API_PER_IP", "1000000000", "RATE_LIMIT_API_PER_USER", "1000000000",
            "RATE_LIMIT_PROXY_PER_IP", "1000000000", "RATE_LIMIT_PROXY_PER_USER", "1000000000");

    @BeforeAll
    static void start() {
        stack = EdgeStack.start(TestRedis.shared(), RAISED_LIMITS);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void everyScenarioRunsWithoutErrorsOrLostUpdates(@TempDir Path out) throws Exception {
        BenchOptions options = BenchOptions.parse("--target", stack.http().toString(), "--hub", stack.hub().toString(),
                "--session-service", stack.sessionService().toString(),
                "--scenario", "register,login,http-updates,ws-updates,fanout,soak", "--users", "4",
                "--duration", "2s", "--warmup", "0s", "--concurrency", "4",
                "--redis", TestRedis.shared().url().toString(), "--out", out.toString());
        List<ScenarioResult> results = Main.run(options);
        assertEquals(6, results.size());
        for (ScenarioResult result : results) {
            assertTrue(result.latency().count() > 0, result.scenario() + " measured nothing");
            assertTrue(result.latency().errors().isEmpty(), result.scenario() + " errors: " + result.latency().errors());
            assertEquals(0L, ((Number) result.figures().getOrDefault("lost_acknowledged_updates", 0L)).longValue(),
                    result.scenario() + " lost acknowledged updates");
        }
        ScenarioResult ws = results.get(3);
        assertTrue(ws.latency().count() >= 100, "ws-updates should exchange a few hundred messages, did " + ws.latency().count());
        assertTrue((Double) ws.figures().get("redis_commands_per_op") > 0, "Redis commands were not counted");
        double rounds = (Double) ws.figures().get("write_rounds_per_update");
        assertTrue(rounds > 0 && rounds <= 1, "every acknowledged update is in one write-behind round: " + rounds);
        String markdown = dev.gateway.bench.report.Report.write(options, results);
        assertTrue(markdown.contains("| ws-updates | 4 | closed-loop |"), markdown);
        try (var files = Files.list(out)) {
            assertEquals(2, files.count(), "a JSON and a Markdown report");
        }
    }

    @Test
    void argon2BaselineRunsNextToLoginAndIsReportedAsARatio(@TempDir Path out) throws Exception {
        BenchOptions options = BenchOptions.parse("--target", stack.http().toString(), "--scenario", "login",
                "--baseline", "argon2", "--users", "24", "--concurrency", "4", "--out", out.toString());
        List<ScenarioResult> results = Main.run(options);
        assertEquals(List.of("login", "argon2"), results.stream().map(ScenarioResult::scenario).toList());
        ScenarioResult argon2 = results.get(1);
        assertEquals(24, argon2.latency().count(), "one verification per user");
        assertTrue(argon2.latency().errors().isEmpty(), "errors: " + argon2.latency().errors());
        assertEquals("m=19456,t=2,p=1", argon2.figures().get("argon2id"));
        String markdown = printed(dev.gateway.bench.report.Report.write(options, results));
        assertTrue(markdown.contains("| login / bare Argon2id (login / argon2) | 24 |"), markdown);
    }

    @Test
    void hubAndEchoBaselinesRunTheSameLoopAndAreReportedAsRatios(@TempDir Path out) throws Exception {
        BenchOptions options = BenchOptions.parse("--target", stack.http().toString(), "--hub", stack.hub().toString(),
                "--scenario", "ws-updates", "--baseline", "echo,hub", "--users", "4", "--duration", "1s",
                "--warmup", "0s", "--concurrency", "4", "--out", out.toString());
        List<ScenarioResult> results = Main.run(options);
        assertEquals(List.of("ws-updates", "ws-echo", "hub-ws-updates"),
                results.stream().map(ScenarioResult::scenario).toList());
        for (ScenarioResult result : results) {
            assertTrue(result.latency().count() >= 100, result.scenario() + " exchanged only " + result.latency().count());
            assertTrue(result.latency().errors().isEmpty(), result.scenario() + " errors: " + result.latency().errors());
        }
        assertEquals(0L, results.get(2).figures().get("lost_acknowledged_updates"), "updates straight to the hub are stored");
        assertTrue(results.get(1).figures().containsKey("cpu_percent.ws-echo"), "the echo process is measured");
        assertTrue(ProcessHandle.current().descendants().noneMatch(process -> process.info().commandLine().orElse("")
                .contains(EchoServer.class.getName())), "the echo process is stopped after its run");
        String markdown = printed(dev.gateway.bench.report.Report.write(options, results));
        assertTrue(markdown.contains("| edge / hub (ws-updates / hub-ws-updates) | 4 |"), markdown);
        assertTrue(markdown.contains("| hub / Helidon echo (hub-ws-updates / ws-echo) | 4 |"), markdown);
        assertTrue(markdown.contains("| edge / Helidon echo (ws-updates / ws-echo) | 4 |"), markdown);
    }

    @Test
    void nginxBaselineSaysNotInstalledWhenThereIsNoNginx(@TempDir Path out) throws Exception {
        BenchOptions options = BenchOptions.parse("--target", stack.http().toString(), "--scenario", "http-updates",
                "--baseline", "nginx", "--nginx", out.resolve("no-such-nginx").toString(), "--users", "2",
                "--duration", "1s", "--warmup", "0s", "--out", out.toString());
        List<ScenarioResult> results = Main.run(options);
        assertEquals(Optional.of("nginx not installed"), results.get(1).skippedBecause());
        String markdown = dev.gateway.bench.report.Report.write(options, results);
        assertTrue(markdown.contains("| edge / nginx (http-updates / nginx-http-updates) | 2 |")
                && markdown.contains("| nginx not installed |"), markdown);
    }

    /** Runs only where nginx is installed; CI does without it. */
    @Test
    void nginxBaselineProxiesToTheSameSessionService(@TempDir Path out) throws Exception {
        assumeTrue(Nginx.find("nginx").isPresent(), "nginx is not installed");
        BenchOptions options = BenchOptions.parse("--target", stack.http().toString(),
                "--session-service", stack.sessionService().toString(), "--scenario", "http-updates",
                "--baseline", "nginx", "--users", "4", "--duration", "1s", "--warmup", "0s", "--out", out.toString());
        List<ScenarioResult> results = Main.run(options);
        ScenarioResult nginx = results.get(1);
        assertTrue(nginx.latency().count() >= 100, "only " + nginx.latency().count() + " updates through nginx");
        assertTrue(nginx.latency().errors().isEmpty(), "errors: " + nginx.latency().errors());
        assertEquals(0L, nginx.figures().get("lost_acknowledged_updates"));
        assertTrue(nginx.figures().containsKey("cpu_percent.nginx-worker-1"), "the nginx worker is measured");
        String markdown = printed(dev.gateway.bench.report.Report.write(options, results));
        assertTrue(markdown.contains("| edge / nginx (http-updates / nginx-http-updates) | 4 |"), markdown);
    }

    /** The baseline reports go to the test output, for a look at the ratios a CI machine measured. */
    private static String printed(String markdown) {
        System.out.println(markdown);
        return markdown;
    }

    @Test
    void openLoopKeepsTheOfferedRate(@TempDir Path out) throws Exception {
        BenchOptions options = BenchOptions.parse("--target", stack.http().toString(), "--scenario", "ws-updates",
                "--users", "4", "--rate", "100", "--duration", "2s", "--warmup", "0s", "--out", out.toString());
        ScenarioResult result = Main.run(options).get(0);
        assertTrue(result.mode().startsWith("open-loop"));
        assertTrue(result.throughputPerSecond() > 60 && result.throughputPerSecond() < 140,
                "offered 100/s, measured " + result.throughputPerSecond());
    }
}
