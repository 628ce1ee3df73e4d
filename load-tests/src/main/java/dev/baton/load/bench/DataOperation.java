package dev.baton.load.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** One kind of data-tier call the {@code data} suite measures, against the data tier's own HTTP API. */
enum DataOperation {
    KV_GET("kv-get"),
    KV_PUT("kv-put"),
    TRANSFER("transfer");

    static final int KEYS = 1_000;
    static final int ACCOUNTS = 100;
    static final String VALUE = "v".repeat(100);

    final String label;

    DataOperation(String label) {
        this.label = label;
    }

    HttpRequest request(String baseUrl, String run) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return switch (this) {
            case KV_GET -> HttpRequest.newBuilder(URI.create(baseUrl + "/kv/" + run + "-k" + random.nextInt(KEYS)))
                    .GET().build();
            case KV_PUT -> HttpRequest.newBuilder(URI.create(baseUrl + "/kv/" + run + "-k" + random.nextInt(KEYS)))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofString(VALUE)).build();
            case TRANSFER -> {
                int from = random.nextInt(ACCOUNTS);
                int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                String body = "{\"idempotencyKey\":\"" + UUID.randomUUID() + "\",\"from\":\"" + run + "-a" + from
                        + "\",\"to\":\"" + run + "-a" + to + "\",\"amount\":1}";
                yield HttpRequest.newBuilder(URI.create(baseUrl + "/transfers"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            }
        };
    }
}
