package dev.baton.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The bank: creates accounts, runs transfers between them at the given rate (each with a unique
 * {@code Idempotency-Key}, sent twice for a tenth of them to exercise retries), then checks that
 * {@code GET /audit/total} equals the total before the transfers. A 409 (overdraft) is a correct answer.
 */
public class BankSimulation extends Simulation {
    private static final int ACCOUNTS = 50;
    private static final long OPENING_BALANCE = 1_000;

    private final SimulationOptions options = SimulationOptions.fromSystemProperties();
    private final String run = "bank-" + Long.toString(System.currentTimeMillis(), 36);
    /** The total of all balances after the accounts were opened; transfers must not change it. */
    private final AtomicLong expectedTotal = new AtomicLong(Long.MIN_VALUE);

    private final Iterator<Map<String, Object>> transfers = Stream.generate(this::randomTransfer).iterator();

    private final ScenarioBuilder open = scenario("open accounts")
            .repeat(ACCOUNTS, "i").on(
                    exec(http("POST /accounts").post("/accounts")
                            .body(StringBody("{\"id\":\"" + run + "-#{i}\",\"balance\":" + OPENING_BALANCE + "}"))
                            .asJson()
                            .check(status().in(200, 201))))
            .exec(http("GET /audit/total (before)").get("/audit/total")
                    .check(status().is(200), jsonPath("$.total").ofLong().saveAs("total")))
            .exec(session -> {
                expectedTotal.set(session.getLong("total"));
                return session;
            });

    private final ScenarioBuilder transfer = scenario("transfers")
            .feed(transfers)
            .exec(transferRequest("POST /transfers"))
            .doIf(session -> session.getBoolean("retry")).then(exec(transferRequest("POST /transfers (retry)")));

    private final ScenarioBuilder audit = scenario("audit")
            .exec(http("GET /audit/total (after)").get("/audit/total")
                    .check(status().is(200), jsonPath("$.total").ofLong().is(session -> expectedTotal.get())));

    {
        setUp(open.injectOpen(atOnceUsers(1))
                .andThen(transfer.injectOpen(constantUsersPerSec(options.rate()).during(options.duration()))
                        .andThen(audit.injectOpen(atOnceUsers(1)))))
                .protocols(Checks.protocol(options))
                .assertions(Checks.assertions(options));
    }

    private io.gatling.javaapi.http.HttpRequestActionBuilder transferRequest(String name) {
        return http(name).post("/transfers")
                .header("Idempotency-Key", "#{idempotencyKey}")
                .body(StringBody("{\"from\":\"#{from}\",\"to\":\"#{to}\",\"amount\":#{amount}}"))
                .asJson()
                .check(status().in(200, 201, 409));
    }

    private Map<String, Object> randomTransfer() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int from = random.nextInt(ACCOUNTS);
        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        return Map.of(
                "from", run + "-" + from,
                "to", run + "-" + to,
                "amount", 1 + random.nextInt(50),
                "idempotencyKey", UUID.randomUUID().toString(),
                "retry", random.nextInt(10) == 0);
    }
}
