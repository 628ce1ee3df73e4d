package dev.baton.load.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop Java client of the data tier's HTTP API: {@code clients} virtual threads each call as fast as
 * answers come for the run's duration, latencies in an HdrHistogram.
 */
final class DataClient {
    private final String baseUrl;
    private final String run;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    DataClient(String baseUrl, String run) {
        this.baseUrl = baseUrl;
        this.run = run;
    }

    /** Seeds the keys and accounts the operations use. */
    void seed() {
        for (int i = 0; i < DataOperation.KEYS; i++) {
            send(HttpRequest.newBuilder(URI.create(baseUrl + "/kv/" + run + "-k" + i))
                    .PUT(HttpRequest.BodyPublishers.ofString(DataOperation.VALUE)).build());
        }
        for (int i = 0; i < DataOperation.ACCOUNTS; i++) {
            send(HttpRequest.newBuilder(URI.create(baseUrl + "/accounts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"id\":\"" + run + "-a" + i + "\",\"balance\":1000000000}")).build());
        }
    }

    WrkResult measure(DataOperation operation, int clients, Duration duration) {
        Histogram histogram = new Histogram(60_000_000L, 3);
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofVirtual().start(() -> loop(operation, end, histogram, errors)));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while measuring " + operation.label);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long count = histogram.getTotalCount();
        return new WrkResult(count, seconds, count / seconds, histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, 0, 0, errors.get());
    }

    private void loop(DataOperation operation, long end, Histogram histogram, AtomicLong errors) {
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            int status;
            try {
                status = http.send(operation.request(baseUrl, run), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long micros = (System.nanoTime() - t0) / 1_000;
            synchronized (histogram) {
                histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
            }
            if (status / 100 != 2) {
                errors.incrementAndGet();
            }
        }
    }

    private void send(HttpRequest request) {
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                throw new BenchException(request.method() + " " + request.uri() + " answered " + status);
            }
        } catch (IOException e) {
            throw new BenchException(request.method() + " " + request.uri() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while seeding");
        }
    }
}
