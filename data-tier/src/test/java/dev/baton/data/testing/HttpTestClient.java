package dev.baton.data.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.common.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small java.net.http client for the data tier's API in tests. */
public final class HttpTestClient {
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    public HttpTestClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Percent-encodes one path segment (spaces as %20, not +). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public HttpResponse<byte[]> send(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> get(String path) {
        return send("GET", path, null, Map.of());
    }

    public HttpResponse<byte[]> put(String path, byte[] body, Map<String, String> headers) {
        return send("PUT", path, body, headers);
    }

    public HttpResponse<byte[]> delete(String path, Map<String, String> headers) {
        return send("DELETE", path, null, headers);
    }

    public HttpResponse<byte[]> postJson(String path, String json) {
        return send("POST", path, json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    }

    public static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(response.body(), StandardCharsets.UTF_8), e);
        }
    }
}
