package dev.baton.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.http.HttpDsl;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/** The protocol and the pass/fail assertions that every Baton simulation shares. */
final class Checks {
    private Checks() {}

    static HttpProtocolBuilder protocol(SimulationOptions options) {
        return HttpDsl.http.baseUrl(options.url())
                .acceptHeader("application/json")
                .userAgentHeader("baton-gatling")
                .shareConnections();
    }

    /** p99 below the limit and failed requests below the allowed share; either failing fails the run. */
    static Assertion[] assertions(SimulationOptions options) {
        return new Assertion[] {
            global().responseTime().percentile(99.0).lt(options.p99Ms()),
            global().failedRequests().percent().lt(options.maxErrorPct())
        };
    }
}
