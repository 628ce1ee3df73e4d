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

/**
 * A mixed ramp: users arrive at a rate that climbs from a tenth of {@code rate} to {@code rate} over the
 * duration; each one does a weighted mix of 70% reads ({@code /whoami}, {@code /kv} gets), 20% writes and
 * 10% CPU work ({@code /work?cpu-ms=1}).
 */
public class MixedRampSimulation extends Simulation {
    private final SimulationOptions options = SimulationOptions.fromSystemProperties();

    private final Iterator<Map<String, Object>> keys = Stream.generate(() -> Map.<String, Object>of(
                    "key", "load-" + ThreadLocalRandom.current().nextInt(options.keys()),
                    "value", UUID.randomUUID().toString()))
            .iterator();

    private final ScenarioBuilder mixed = scenario("mixed ramp")
            .feed(keys)
            .randomSwitch().on(
                    percent(35.0).then(exec(http("GET /whoami").get("/whoami").check(status().is(200)))),
                    percent(35.0).then(exec(http("GET /kv").get("/kv/#{key}").check(status().in(200, 404)))),
                    percent(20.0).then(exec(http("PUT /kv").put("/kv/#{key}").body(StringBody("#{value}"))
                            .check(status().in(200, 201, 204)))),
                    percent(10.0).then(exec(http("GET /work").get("/work?cpu-ms=1").check(status().is(200)))));

    {
        setUp(mixed.injectOpen(
                        rampUsersPerSec(Math.max(1.0, options.rate() / 10)).to(options.rate()).during(options.duration())))
                .protocols(Checks.protocol(options))
                .assertions(Checks.assertions(options));
    }
}
