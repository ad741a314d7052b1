package dev.gateway.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of the gateway's processes, read from {@code /proc} for the pid files that
 * {@code ./gateway up} writes ({@code var/run/<service>.pid}), and of the processes a baseline started.
 */
public final class ProcessSampler {
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K");

    private final Map<String, Long> pids = new TreeMap<>();

    public ProcessSampler(Path pidDir) {
        if (Files.isDirectory(pidDir)) {
            try (Stream<Path> files = Files.list(pidDir)) {
                files.filter(file -> file.toString().endsWith(".pid")).forEach(file -> {
                    try {
                        pids.put(file.getFileName().toString().replace(".pid", ""), Long.parseLong(Files.readString(file).trim()));
                    } catch (IOException | NumberFormatException ignored) {
                        // a stale or half-written pid file: that process is simply not sampled
                    }
                });
            } catch (IOException ignored) {
                // no pid directory: nothing to sample
            }
        }
    }

    private ProcessSampler(Map<String, Long> pids) {
        this.pids.putAll(pids);
    }

    /** This sampler and {@code more} processes (name to pid), such as a baseline's server. */
    public ProcessSampler with(Map<String, Long> more) {
        ProcessSampler both = new ProcessSampler(pids);
        both.pids.putAll(more);
        return both;
    }

    /** CPU seconds and RSS (MiB) of every known process now. */
    public Map<String, Sample> sample() {
        Map<String, Sample> samples = new TreeMap<>();
        pids.forEach((name, pid) -> read(pid).ifPresent(sample -> samples.put(name, sample)));
        return samples;
    }

    /**
     * Heap in use (KiB) of every known Java process right after a full collection, asked with the JDK's
     * {@code jcmd}: what the live objects take, without the garbage a sample of the RSS would include.
     */
    public Map<String, Long> heapUsedKib() {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        Map<String, Long> used = new TreeMap<>();
        pids.forEach((name, pid) -> {
            try {
                jcmd(jcmd, pid, "GC.run");
                Matcher matcher = HEAP_USED.matcher(jcmd(jcmd, pid, "GC.heap_info"));
                if (matcher.find()) {
                    used.put(name, Long.parseLong(matcher.group(1)));
                }
            } catch (IOException e) {
                // not a Java process, or gone: no heap figure for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return used;
    }

    private static String jcmd(Path jcmd, long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static java.util.Optional<Sample> read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            double rssMib = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssMib = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return java.util.Optional.of(new Sample(cpu, rssMib));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** CPU seconds used so far and resident set size in MiB. */
    public record Sample(double cpuSeconds, double rssMib) {
    }
}
