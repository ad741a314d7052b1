package dev.gateway.edge.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gateway.common.http.HttpJson;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code /openapi}: the OpenAPI 3 document of API.md (written by hand in {@code docs/openapi.yaml}, checked
 * against the route table by a test) served as JSON; {@code /docs}: a self-contained page that renders it
 * and lets a reader call each operation, with no script from a CDN.
 */
public final class DocsService implements HttpService {
    private final JsonNode openApi = loadOpenApi();
    private final byte[] page = resource("docs/index.html");

    @Override
    public void routing(HttpRules rules) {
        rules.get("/openapi", this::openApi)
                .get("/docs", this::docs);
    }

    private void openApi(ServerRequest request, ServerResponse response) {
        HttpJson.send(response, openApi);
    }

    private void docs(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        response.header(HeaderNames.create("Content-Security-Policy"),
                "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'");
        response.send(page);
    }

    private static JsonNode loadOpenApi() {
        try {
            return new YAMLMapper().readTree(resource("docs/openapi.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException("docs/openapi.yaml is not valid YAML", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = DocsService.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the edge's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
