package dev.baton.fswitch.health;

import dev.baton.common.net.Transport;
import dev.baton.fswitch.HealthConfig;
import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.BackendPool;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every backend of the pool each interval, without blocking: a TCP connect, or an HTTP GET whose
 * status must be 2xx or 3xx. {@code fall} failures in a row mark a backend down, {@code rise} passes in a
 * row bring it back.
 */
public final class ActiveHealthChecker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActiveHealthChecker.class);

    private final BackendPool pool;
    private final HealthConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Map<Backend, Streak> streaks = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> task;

    public ActiveHealthChecker(BackendPool pool, HealthConfig config, Transport transport, EventLoopGroup group) {
        this.pool = pool;
        this.config = config;
        this.transport = transport;
        this.group = group;
        this.task = config.check().equals("none") ? null
                : group.next().scheduleWithFixedDelay(this::checkAll, config.intervalMs(), config.intervalMs(),
                        TimeUnit.MILLISECONDS);
    }

    void checkAll() {
        streaks.keySet().retainAll(pool.backends());
        for (Backend b : pool.backends()) {
            probe(b).addListener(f -> record(b, f.isSuccess() && Boolean.TRUE.equals(f.getNow())));
        }
    }

    private Future<Boolean> probe(Backend b) {
        Promise<Boolean> result = group.next().newPromise();
        boolean http = config.check().equals("http");
        InetSocketAddress target = http && b.details().adminPort() > 0
                ? new InetSocketAddress(b.address().getAddress(), b.details().adminPort()) : b.address();
        new Bootstrap().group(group).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.timeoutMs())
                .handler(http ? new HttpProbeHandler(result, config.path(), b.address().getHostString())
                        : new io.netty.channel.ChannelInboundHandlerAdapter())
                .connect(target)
                .addListener((io.netty.channel.ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        result.trySuccess(false);
                    } else if (!http) {
                        result.trySuccess(true);
                        f.channel().close();
                    } else {
                        f.channel().eventLoop().schedule(() -> {
                            result.trySuccess(false);
                            f.channel().close();
                        }, config.timeoutMs(), TimeUnit.MILLISECONDS);
                    }
                });
        return result;
    }

    private void record(Backend b, boolean passed) {
        Streak s = streaks.computeIfAbsent(b, x -> new Streak());
        boolean changeTo;
        synchronized (s) {
            s.passes = passed ? s.passes + 1 : 0;
            s.failures = passed ? 0 : s.failures + 1;
            if (!passed && s.failures == config.fall()) {
                changeTo = true;
            } else if (passed && s.passes == config.rise()) {
                changeTo = false;
            } else {
                return;
            }
        }
        if (pool.backends().contains(b)) {
            pool.checked(b, changeTo);
        } else {
            log.debug("ignoring check of departed backend {}", b);
        }
    }

    private static final class Streak {
        int passes;
        int failures;
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
