package dev.baton.data.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.baton.common.http.Json;
import dev.baton.data.testing.TestDatabases.JdbcTarget;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The stores' behaviour, run once per engine by the subclasses. Each test uses its own keys and accounts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContractTest {
    private JdbcTarget target;
    Database db;
    KvStore kv;
    AccountStore accounts;
    TransferService transfers;

    abstract JdbcTarget target() throws Exception;

    abstract Engine expectedEngine();

    @BeforeAll
    void open() throws Exception {
        target = target();
        db = Database.open(target.url(), target.user(), target.password(), 8, new MetricRegistry());
        kv = new KvStore(db);
        accounts = new AccountStore(db);
        transfers = new TransferService(db, new MetricRegistry());
    }

    @AfterAll
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void aLockWaitThatTimesOutIsUnavailableAtOnceNotRetriedTenTimes() throws Exception {
        String key = unique("locked");
        kv.put(key, "a".getBytes(StandardCharsets.UTF_8), Precondition.NONE);
        // A pool of its own with a short lock timeout, set in the URL as an operator would (which must win
        // over the data tier's PostgreSQL default of 10 s).
        String url = expectedEngine() == Engine.H2 ? target.url().replace("LOCK_TIMEOUT=10000", "LOCK_TIMEOUT=300")
                : target.url() + "&options=-c%20lock_timeout=300";
        try (Database shortWaits = Database.open(url, target.user(), target.password(), 2, new MetricRegistry());
             Connection holder = db.dataSource().getConnection()) {
            try (PreparedStatement s = holder.prepareStatement("UPDATE kv_entries SET version = version WHERE entry_key = ?")) {
                s.setString(1, key);
                s.executeUpdate(); // holds the row's lock until the rollback below
            }
            long start = System.nanoTime();
            StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                    () -> new KvStore(shortWaits).put(key, "b".getBytes(StandardCharsets.UTF_8), Precondition.NONE));
            assertThat(e.unavailable()).as(e.getMessage()).isTrue();
            assertThat(e.getMessage()).startsWith("database unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
            holder.rollback();
        }
        assertThat(kv.get(key).orElseThrow().value()).isEqualTo("a".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void detectsItsEngine() {
        assertThat(db.engine()).isEqualTo(expectedEngine());
        assertThat(db.isReachable(2)).isTrue();
    }

    @Test
    void storesBinaryQuotedAndSqlValuesUnchanged() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i == 0 ? 1 : i);
        }
        List<byte[]> values = List.of(binary, "it's \"quoted\" \\ `x`".getBytes(StandardCharsets.UTF_8),
                "'; DROP TABLE kv_entries; --".getBytes(StandardCharsets.UTF_8), new byte[0],
                "ünïcødé ✓".getBytes(StandardCharsets.UTF_8));
        for (byte[] value : values) {
            String key = unique("k'\" OR 1=1 --");
            assertThat(kv.put(key, value, Precondition.NONE)).isEqualTo(new WriteResult.Written(1));
            assertThat(kv.get(key).orElseThrow().value()).isEqualTo(value);
        }
    }

    @Test
    void versionsCountWrites() {
        String key = unique("v");
        assertThat(kv.get(key)).isEmpty();
        assertThat(kv.put(key, bytes("a"), Precondition.NONE)).isEqualTo(new WriteResult.Written(1));
        assertThat(kv.put(key, bytes("b"), Precondition.NONE)).isEqualTo(new WriteResult.Written(2));
        assertThat(kv.get(key)).get().satisfies(v -> {
            assertThat(v.version()).isEqualTo(2);
            assertThat(v.value()).isEqualTo(bytes("b"));
        });
    }

    @Test
    void compareAndSetWritesOnlyAtTheExpectedVersion() {
        String key = unique("cas");
        assertThat(kv.put(key, bytes("a"), Precondition.version(1))).isInstanceOf(WriteResult.Conflict.class);
        kv.put(key, bytes("a"), Precondition.NONE);
        assertThat(kv.put(key, bytes("b"), Precondition.version(1))).isEqualTo(new WriteResult.Written(2));
        assertThat(kv.put(key, bytes("c"), Precondition.version(1)))
                .isEqualTo(new WriteResult.Conflict("version is 2, not 1"));
        assertThat(kv.get(key).orElseThrow().value()).isEqualTo(bytes("b"));
    }

    @Test
    void createOnlyRefusesAnExistingKey() {
        String key = unique("create");
        assertThat(kv.put(key, bytes("a"), Precondition.ABSENT)).isEqualTo(new WriteResult.Written(1));
        assertThat(kv.put(key, bytes("b"), Precondition.ABSENT)).isEqualTo(new WriteResult.Conflict("key exists"));
        assertThat(kv.put(unique("missing"), bytes("b"), Precondition.EXISTS)).isInstanceOf(WriteResult.Conflict.class);
        assertThat(kv.put(key, bytes("c"), Precondition.EXISTS)).isEqualTo(new WriteResult.Written(2));
    }

    @Test
    void deleteHonoursItsPrecondition() {
        String key = unique("del");
        assertThat(kv.delete(key, Precondition.NONE)).isEqualTo(new WriteResult.Missing());
        kv.put(key, bytes("a"), Precondition.NONE);
        kv.put(key, bytes("b"), Precondition.NONE);
        assertThat(kv.delete(key, Precondition.version(1))).isInstanceOf(WriteResult.Conflict.class);
        assertThat(kv.delete(key, Precondition.version(2))).isEqualTo(new WriteResult.Written(2));
        assertThat(kv.get(key)).isEmpty();
        assertThat(kv.put(key, bytes("again"), Precondition.NONE)).isEqualTo(new WriteResult.Written(3));
    }

    @Test
    void versionsNeverRepeatAcrossADelete() {
        String key = unique("aba");
        List<Long> earlier = List.of(version(kv.put(key, bytes("a"), Precondition.NONE)),
                version(kv.put(key, bytes("b"), Precondition.NONE)));
        assertThat(kv.delete(key, Precondition.NONE)).isEqualTo(new WriteResult.Written(2));
        long again = version(kv.put(key, bytes("c"), Precondition.NONE));
        assertThat(again).isNotIn(earlier);
        for (long old : earlier) {
            assertThat(kv.put(key, bytes("stale"), Precondition.version(old)))
                    .isEqualTo(new WriteResult.Conflict("version is " + again + ", not " + old));
            assertThat(kv.delete(key, Precondition.version(old))).isInstanceOf(WriteResult.Conflict.class);
        }
        assertThat(kv.get(key)).get().satisfies(v -> {
            assertThat(v.version()).isEqualTo(again);
            assertThat(v.value()).isEqualTo(bytes("c"));
        });
    }

    @Test
    void aDeletedKeyIsAbsentToEveryPrecondition() {
        String key = unique("tomb");
        kv.put(key, bytes("a"), Precondition.NONE);
        kv.delete(key, Precondition.NONE);
        assertThat(kv.get(key)).isEmpty();
        assertThat(kv.delete(key, Precondition.NONE)).isEqualTo(new WriteResult.Missing());
        assertThat(kv.delete(key, Precondition.version(1))).isEqualTo(new WriteResult.Missing());
        assertThat(kv.put(key, bytes("b"), Precondition.version(1))).isEqualTo(new WriteResult.Conflict("key does not exist"));
        assertThat(kv.put(key, bytes("b"), Precondition.EXISTS)).isEqualTo(new WriteResult.Conflict("key does not exist"));
        assertThat(kv.get(key)).isEmpty();
        // Create-only takes a deleted key as absent, and continues its versions.
        assertThat(kv.put(key, bytes("c"), Precondition.ABSENT)).isEqualTo(new WriteResult.Written(2));
        assertThat(kv.put(key, bytes("d"), Precondition.ABSENT)).isEqualTo(new WriteResult.Conflict("key exists"));
        assertThat(kv.get(key).orElseThrow().value()).isEqualTo(bytes("c"));
    }

    @Test
    void versionsContinueAfterADeleteAndARestart() {
        String key = unique("restart");
        kv.put(key, bytes("a"), Precondition.NONE);
        kv.delete(key, Precondition.NONE);
        reopen();
        assertThat(kv.get(key)).isEmpty();
        assertThat(kv.put(key, bytes("b"), Precondition.NONE)).isEqualTo(new WriteResult.Written(2));
    }

    @Test
    void concurrentPutsAndDeletesNeverRepeatAVersion() throws Exception {
        String key = unique("churn");
        List<List<Long>> written = runConcurrently(8, i -> {
            List<Long> versions = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                versions.add(version(kv.put(key, bytes("w" + i), Precondition.NONE)));
                kv.delete(key, Precondition.NONE);
            }
            return versions;
        });
        List<Long> all = written.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(160).doesNotHaveDuplicates();
    }

    @Test
    void concurrentUnconditionalPutsLoseNoVersion() throws Exception {
        String key = unique("race");
        List<Long> versions = runConcurrently(16, i -> {
            WriteResult r = kv.put(key, bytes("w" + i), Precondition.NONE);
            return ((WriteResult.Written) r).version();
        });
        assertThat(versions).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 16).boxed().toList());
        assertThat(kv.get(key).orElseThrow().version()).isEqualTo(16);
    }

    @Test
    void concurrentCompareAndSetHasOneWinnerPerVersion() throws Exception {
        String key = unique("casrace");
        kv.put(key, bytes("0"), Precondition.NONE);
        List<Long> wins = runConcurrently(16, i -> kv.put(key, bytes("x" + i), Precondition.version(1))
                instanceof WriteResult.Written ? 1L : 0L);
        assertThat(wins.stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
        assertThat(kv.get(key).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void accountsAreCreatedOnce() {
        String id = unique("acct");
        assertThat(accounts.create(new Account(id, 100))).isTrue();
        assertThat(accounts.create(new Account(id, 5))).isFalse();
        assertThat(accounts.get(id)).contains(new Account(id, 100));
        assertThat(accounts.get(unique("nobody"))).isEmpty();
    }

    @Test
    void transferMovesMoneyOnceAndReplaysItsAnswer() throws Exception {
        String a = account(100);
        String b = account(0);
        Transfer t = new Transfer(unique("key"), a, b, 30);
        TransferOutcome first = transfers.transfer(t);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.replayed()).isFalse();
        assertThat(Json.MAPPER.readTree(first.body()).get("status").asText()).isEqualTo("applied");
        TransferOutcome again = transfers.transfer(t);
        assertThat(again).isEqualTo(new TransferOutcome(200, first.body(), true));
        assertThat(balance(a)).isEqualTo(70);
        assertThat(balance(b)).isEqualTo(30);
    }

    @Test
    void insufficientFundsIsRecordedUnderTheKey() throws Exception {
        String a = account(10);
        String b = account(0);
        Transfer t = new Transfer(unique("key"), a, b, 11);
        TransferOutcome first = transfers.transfer(t);
        assertThat(first.status()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(first.body()).get("error").asText()).isEqualTo("insufficient funds");
        // Even once the money is there, the key answers as it did the first time.
        transfers.transfer(new Transfer(unique("topup"), account(100), a, 50));
        assertThat(transfers.transfer(t)).isEqualTo(new TransferOutcome(409, first.body(), true));
        assertThat(balance(a)).isEqualTo(60);
    }

    @Test
    void reusedKeyWithADifferentTransferIsRefused() {
        String a = account(100);
        String b = account(0);
        String key = unique("key");
        assertThat(transfers.transfer(new Transfer(key, a, b, 5)).status()).isEqualTo(200);
        assertThat(transfers.transfer(new Transfer(key, a, b, 6)).status()).isEqualTo(422);
        assertThat(transfers.transfer(new Transfer(key, b, a, 5)).status()).isEqualTo(422);
        assertThat(balance(a)).isEqualTo(95);
    }

    @Test
    void anUnknownAccountIsRecordedUnderTheKeyButARequestWrongInItselfIsNot() {
        String a = account(100);
        String ghost = unique("ghost");
        Transfer t = new Transfer(unique("key"), a, ghost, 5);
        TransferOutcome first = transfers.transfer(t);
        assertThat(first.status()).isEqualTo(404);
        // Once the account exists, the key still answers as it did the first time: nothing moves.
        accounts.create(new Account(ghost, 0));
        assertThat(transfers.transfer(t)).isEqualTo(new TransferOutcome(404, first.body(), true));
        assertThat(balance(a)).isEqualTo(100);

        String key = unique("k");
        assertThat(transfers.transfer(new Transfer(key, a, a, 5)).status()).isEqualTo(422);
        assertThat(transfers.transfer(new Transfer(unique("k"), a, account(0), 0)).status()).isEqualTo(422);
        assertThat(transfers.transfer(new Transfer(unique("k"), a, account(0), -5)).status()).isEqualTo(422);
        // Not recorded: the same key serves a correct request afterwards.
        assertThat(transfers.transfer(new Transfer(key, a, account(0), 5)).status()).isEqualTo(200);
    }

    @Test
    void insufficientFundsIsNamedBeforeAnOverflowAndAnOverflowIsRecordedToo() throws Exception {
        String poor = account(30);
        String rich = account(Long.MAX_VALUE - 10);
        TransferOutcome broke = transfers.transfer(new Transfer(unique("key"), poor, rich, Long.MAX_VALUE));
        assertThat(broke.status()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(broke.body()).get("error").asText()).isEqualTo("insufficient funds");

        Transfer t = new Transfer(unique("key"), poor, rich, 20);
        TransferOutcome overflow = transfers.transfer(t);
        assertThat(overflow.status()).isEqualTo(422);
        assertThat(Json.MAPPER.readTree(overflow.body()).get("error").asText()).contains("would overflow");
        transfers.transfer(new Transfer(unique("drain"), rich, poor, 100));
        assertThat(transfers.transfer(t)).isEqualTo(new TransferOutcome(422, overflow.body(), true));
        assertThat(balance(poor)).isEqualTo(130);
    }

    @Test
    void concurrentTransfersKeepTheTotalAndNeverOverdraw() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(account(1_000));
        }
        AtomicLong refused = new AtomicLong();
        List<Long> applied = runConcurrently(16, thread -> {
            Random random = new Random(thread);
            long count = 0;
            for (int i = 0; i < 40; i++) {
                String from = ids.get(random.nextInt(ids.size()));
                String to = ids.get(random.nextInt(ids.size()));
                if (from.equals(to)) {
                    continue;
                }
                TransferOutcome o = transfers.transfer(new Transfer(unique("c"), from, to, 1 + random.nextInt(400)));
                assertThat(o.status()).isIn(200, 409);
                if (o.status() == 200) {
                    count++;
                } else {
                    refused.incrementAndGet();
                }
            }
            return count;
        });
        long sum = 0;
        for (String id : ids) {
            long balance = balance(id);
            assertThat(balance).isNotNegative();
            sum += balance;
        }
        assertThat(sum).isEqualTo(4_000);
        assertThat(applied.stream().mapToLong(Long::longValue).sum()).isPositive();
    }

    @Test
    void concurrentRequestsWithOneKeyMoveTheMoneyOnce() throws Exception {
        String a = account(100);
        String b = account(0);
        Transfer t = new Transfer(unique("same"), a, b, 7);
        List<TransferOutcome> outcomes = runConcurrently(16, i -> transfers.transfer(t));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
        assertThat(outcomes).filteredOn(o -> !o.replayed()).hasSize(1);
        assertThat(outcomes.stream().map(TransferOutcome::body).distinct()).hasSize(1);
        assertThat(balance(a)).isEqualTo(93);
        assertThat(balance(b)).isEqualTo(7);
    }

    @Test
    void totalsSumAllBalances() {
        Totals before = accounts.totals();
        account(Long.MAX_VALUE);
        account(Long.MAX_VALUE);
        Totals after = accounts.totals();
        assertThat(after.accounts()).isEqualTo(before.accounts() + 2);
        assertThat(after.total().subtract(before.total()))
                .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TWO));
    }

    @Test
    void migratingAgainAppliesNothing() throws Exception {
        assertThat(new dev.baton.data.store.internal.Migrator(db.dataSource(), db.engine() == Engine.POSTGRESQL).migrate())
                .isZero();
    }

    /** Closes the database and opens it again, as a restarted data tier does (for H2, the file is closed and read again). */
    void reopen() {
        db.close();
        db = Database.open(target.url(), target.user(), target.password(), 8, new MetricRegistry());
        kv = new KvStore(db);
        accounts = new AccountStore(db);
        transfers = new TransferService(db, new MetricRegistry());
    }

    static long version(WriteResult result) {
        assertThat(result).isInstanceOf(WriteResult.Written.class);
        return ((WriteResult.Written) result).version();
    }

    String account(long balance) {
        String id = unique("acct");
        assertThat(accounts.create(new Account(id, balance))).isTrue();
        return id;
    }

    long balance(String id) {
        return accounts.get(id).orElseThrow().balance();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs {@code task(i)} for i in 0..n-1 on n threads started together; returns the results in order. */
    static <T> List<T> runConcurrently(int n, IndexedTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface IndexedTask<T> {
        T run(int index) throws Exception;
    }
}
