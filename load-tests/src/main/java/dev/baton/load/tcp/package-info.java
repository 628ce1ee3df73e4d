/**
 * A Gatling-style load tool for raw TCP: a scenario built in Java, open-model injection, latency measured from
 * the intended send time (coordinated-omission safe, as wrk2 does), HdrHistogram percentiles, assertions and a
 * JSON + HTML report.
 *
 * <pre>{@code
 * Scenario echo = Scenario.scenario("echo")
 *         .exec("connect", user -> user.connect())
 *         .exec("echo", user -> user.exchangeLine("hello"))
 *         .pause(Duration.ofMillis(10));
 * LoadResult result = LoadRunner.of(echo, target, List.of(Injection.rampUsersPerSec(10).to(100).during(Duration.ofSeconds(30))))
 *         .run();
 * }</pre>
 */
package dev.baton.load.tcp;
