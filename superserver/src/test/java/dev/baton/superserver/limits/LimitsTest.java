package dev.baton.superserver.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.superserver.TestSupport.MutableNanos;
import dev.baton.superserver.config.LimitsConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void cidrMatchesItsBlockOnlyAndMappedIpv4() throws Exception {
        Cidr ten = Cidr.parse("k", "10.0.0.0/8");
        assertThat(ten.contains(ip("10.200.1.1"))).isTrue();
        assertThat(ten.contains(ip("11.0.0.1"))).isFalse();
        assertThat(ten.contains(ip("::ffff:10.1.2.3"))).isTrue();
        assertThat(Cidr.parse("k", "::1").contains(ip("::1"))).isTrue();
        assertThat(Cidr.parse("k", "fd00::/8").contains(ip("fd12::1"))).isTrue();
        assertThat(Cidr.parse("k", "0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
    }

    @Test
    void cidrRefusesNamesAndBadPrefixesWithTheValue() {
        assertThatThrownBy(() -> Cidr.parse("limits.allow", "example.com")).hasMessageContaining("limits.allow: 'example.com'");
        assertThatThrownBy(() -> Cidr.parse("limits.allow", "10.0.0.0/x")).hasMessageContaining("'10.0.0.0/x'");
        assertThatThrownBy(() -> Cidr.parse("limits.allow", "::/129")).hasMessageContaining("'::/129'");
    }

    @Test
    void denyWinsOverAllowAndEmptyAllowAllowsAll() throws Exception {
        AccessList list = new AccessList(List.of(Cidr.parse("k", "127.0.0.0/8")), List.of(Cidr.parse("k", "127.0.0.2")));
        assertThat(list.permits(ip("127.0.0.1"))).isTrue();
        assertThat(list.permits(ip("127.0.0.2"))).isFalse();
        assertThat(list.permits(ip("192.168.1.1"))).isFalse();
        assertThat(new AccessList(List.of(), List.of()).permits(ip("192.168.1.1"))).isTrue();
    }

    @Test
    void rateBacksOffForTheConfiguredPeriodThenRecovers() {
        MutableNanos clock = new MutableNanos();
        ConnectionRate rate = new ConnectionRate(3, 5, clock);
        assertThat(rate.tryAcquire()).isTrue();
        assertThat(rate.tryAcquire()).isTrue();
        assertThat(rate.tryAcquire()).isTrue();
        assertThat(rate.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(rate.tryAcquire()).as("still backing off after 2 s of 5").isFalse();
        assertThat(rate.backingOff()).isTrue();
        clock.advance(Duration.ofSeconds(3));
        assertThat(rate.tryAcquire()).isTrue();
        assertThat(rate.backingOff()).isFalse();
    }

    @Test
    void rateCountsPerSecondWindow() {
        MutableNanos clock = new MutableNanos();
        ConnectionRate rate = new ConnectionRate(2, 10, clock);
        for (int i = 0; i < 10; i++) {
            assertThat(rate.tryAcquire()).isTrue();
            assertThat(rate.tryAcquire()).isTrue();
            clock.advance(Duration.ofMillis(1000));
        }
    }

    @Test
    void limiterRefusesPerSourceAndInstancesAndReleases() throws Exception {
        LimitsConfig limits = new LimitsConfig(3, 2, 0, 10, List.of(), List.of());
        ConnectionLimiter limiter = new ConnectionLimiter(limits, new MutableNanos());
        InetAddress a = ip("10.0.0.1");
        InetAddress b = ip("10.0.0.2");
        assertThat(limiter.admit(a)).isNull();
        assertThat(limiter.admit(a)).isNull();
        assertThat(limiter.admit(a)).isEqualTo(Refusal.PER_SOURCE);
        assertThat(limiter.admit(b)).isNull();
        assertThat(limiter.admit(b)).isEqualTo(Refusal.INSTANCES);
        limiter.release(a);
        assertThat(limiter.admit(b)).isNull();
        limiter.release(a);
        limiter.release(b);
        limiter.release(b);
        assertThat(limiter.active()).isZero();
        assertThat(limiter.trackedSources()).isZero();
    }

    @Test
    void limiterDeniesByCidrBeforeCounting() throws Exception {
        LimitsConfig limits = new LimitsConfig(0, 0, 0, 10, List.of(), List.of(Cidr.parse("k", "10.0.0.0/8")));
        ConnectionLimiter limiter = new ConnectionLimiter(limits, new MutableNanos());
        assertThat(limiter.admit(ip("10.9.9.9"))).isEqualTo(Refusal.DENIED);
        assertThat(limiter.active()).isZero();
    }

    @Test
    void refusalsAreLoggedOncePerBurstWithACountOfTheRest() {
        MutableNanos clock = new MutableNanos();
        List<String> lines = new ArrayList<>();
        RefusalLog log = new RefusalLog("svc", Duration.ofSeconds(10).toNanos(), clock, lines::add);
        for (int i = 0; i < 1000; i++) {
            log.refused(Refusal.RATE, "10.0.0.1");
        }
        assertThat(lines).hasSize(1);
        clock.advance(Duration.ofSeconds(11));
        log.refused(Refusal.DENIED, "10.0.0.2");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("and 999 more refused").contains("10.0.0.2").contains("not allowed");
    }
}
