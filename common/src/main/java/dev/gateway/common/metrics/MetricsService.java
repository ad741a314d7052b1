package dev.gateway.common.metrics;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/** Serves {@code GET /metrics} in the Prometheus text format. */
public final class MetricsService implements HttpService {
    private final Metrics metrics;

    public MetricsService(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", (request, response) -> {
            response.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            response.send(metrics.render());
        });
    }
}
