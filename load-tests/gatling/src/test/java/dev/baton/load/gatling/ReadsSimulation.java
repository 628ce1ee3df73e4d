package dev.baton.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Reads: each arriving user asks {@code GET /whoami} then {@code GET /kv/{key}} for a random key (200 or 404
 * both count as served). Keys are seeded first so most reads hit.
 */
public class ReadsSimulation extends Simulation {
    private final SimulationOptions options = SimulationOptions.fromSystemProperties();

    private final Iterator<Map<String, Object>> randomKeys = Stream.generate(
            () -> Map.<String, Object>of("key", "load-" + ThreadLocalRandom.current().nextInt(options.keys())))
            .iterator();

    private final ScenarioBuilder seed = scenario("seed keys")
            .repeat(Math.min(options.keys(), 100), "i").on(
                    exec(http("seed PUT /kv").put("/kv/load-#{i}").body(StringBody("value-#{i}"))
                            .check(status().in(200, 201, 204))));

    private final ScenarioBuilder reads = scenario("reads")
            .feed(randomKeys)
            .exec(http("GET /whoami").get("/whoami").check(status().is(200)))
            .exec(http("GET /kv").get("/kv/#{key}").check(status().in(200, 404)));

    {
        setUp(seed.injectOpen(atOnceUsers(1))
                .andThen(reads.injectOpen(constantUsersPerSec(options.rate()).during(options.duration()))))
                .protocols(Checks.protocol(options))
                .assertions(Checks.assertions(options));
    }
}
