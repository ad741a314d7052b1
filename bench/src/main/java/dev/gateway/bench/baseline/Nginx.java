package dev.gateway.bench.baseline;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The nginx baseline: nginx as a reverse proxy in front of the same session-service, from a minimal
 * configuration written into the run's output directory. One worker process: its event loop forwards far
 * more requests than a session-service answers on these cores, and a second worker would only compete with
 * the services for them. Upstream connections are kept alive, as the edge keeps its own.
 */
public final class Nginx {
    public static final String NAME = "nginx";
    private static final int WORKERS = 1;

    private Nginx() {
    }

    /** The nginx executable: {@code command} itself when it is a path, else looked up on PATH. */
    public static Optional<Path> find(String command) {
        if (command.contains(File.separator)) {
            return Optional.of(Path.of(command)).filter(Files::isExecutable);
        }
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Writes {@code dir/nginx.conf} for {@code users} client connections and starts nginx on it, on a free port. */
    public static ChildServer start(Path executable, Path dir, URI upstream, int users)
            throws IOException, InterruptedException {
        Path prefix = dir.toAbsolutePath();
        Files.createDirectories(prefix);
        int port = ChildServer.freePort();
        Path config = prefix.resolve("nginx.conf");
        Files.writeString(config, config(port, upstream, users));
        List<String> command = List.of(executable.toString(), "-c", config.toString(), "-p", prefix + File.separator,
                "-e", prefix.resolve("error.log").toString());
        return ChildServer.start(NAME, command, port, WORKERS, prefix.resolve("nginx.out"));
    }

    /** Every client connection needs one upstream connection too; both stay open for the whole run. */
    static String config(int port, URI upstream, int users) {
        int connections = Math.max(1024, 2 * users + 64);
        return """
                # Written by ./gateway bench for the nginx baseline (nginx-http-updates); paths are under -p.
                daemon off;
                worker_processes %d;
                worker_rlimit_nofile %d;
                pid nginx.pid;
                error_log error.log warn;

                events {
                    worker_connections %d;
                }

                http {
                    access_log off;
                    client_body_temp_path client_body;
                    proxy_temp_path proxy;
                    fastcgi_temp_path fastcgi;
                    uwsgi_temp_path uwsgi;
                    scgi_temp_path scgi;
                    keepalive_requests 1000000;

                    upstream session_service {
                        server %s;
                        keepalive %d;
                        keepalive_requests 1000000;
                    }

                    server {
                        listen 127.0.0.1:%d;
                        location / {
                            proxy_pass http://session_service;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $host;
                            proxy_set_header X-Forwarded-For $remote_addr;
                        }
                    }
                }
                """.formatted(WORKERS, 2 * connections, connections, upstream.getRawAuthority(), Math.max(users, 16), port);
    }
}
