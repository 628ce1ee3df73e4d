package dev.baton.superserver;

import com.codahale.metrics.MetricRegistry;
import dev.baton.common.http.AdminRoutes;
import dev.baton.common.http.HttpServerInitializer;
import dev.baton.common.http.Router;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Supplier;

/** The admin HTTP port: {@code /health}, {@code /metrics}, {@code /metrics/prometheus}. */
final class AdminServer implements AutoCloseable {
    private static final int IDLE_SECONDS = 30;

    private final Channel channel;

    private AdminServer(Channel channel) {
        this.channel = channel;
    }

    static AdminServer start(String bind, int port, EventLoopGroup group, Class<? extends ServerChannel> type,
                             MetricRegistry metrics, Supplier<AdminRoutes.Health> health) throws InterruptedException {
        // service.<name>.<metric> as baton_service_<metric>{service="<name>"}
        Router router = AdminRoutes.addTo(Router.builder(), metrics, health, Map.of("service", "service")).build();
        Channel ch = new ServerBootstrap()
                .group(group)
                .channel(type)
                .childHandler(new HttpServerInitializer(router, 4096, IDLE_SECONDS))
                .bind(new InetSocketAddress(bind, port))
                .sync()
                .channel();
        return new AdminServer(ch);
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
