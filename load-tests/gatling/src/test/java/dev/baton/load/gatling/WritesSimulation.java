package dev.baton.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Writes: each arriving user stores a fresh value under a random key with {@code PUT /kv/{key}}. */
public class WritesSimulation extends Simulation {
    private final SimulationOptions options = SimulationOptions.fromSystemProperties();

    private final Iterator<Map<String, Object>> writes = Stream.generate(() -> Map.<String, Object>of(
                    "key", "load-" + ThreadLocalRandom.current().nextInt(options.keys()),
                    "value", UUID.randomUUID().toString()))
            .iterator();

    private final ScenarioBuilder scenario = scenario("writes")
            .feed(writes)
            .exec(http("PUT /kv").put("/kv/#{key}").body(StringBody("#{value}"))
                    .header("Content-Type", "application/octet-stream")
                    .check(status().in(200, 201, 204)));

    {
        setUp(scenario.injectOpen(constantUsersPerSec(options.rate()).during(options.duration())))
                .protocols(Checks.protocol(options))
                .assertions(Checks.assertions(options));
    }
}
