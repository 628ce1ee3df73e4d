package dev.baton.superserver;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.baton.superserver.builtin.BuiltinServices;
import dev.baton.superserver.config.ServiceConfig;
import dev.baton.superserver.config.ServiceMode;
import dev.baton.superserver.config.ServiceType;
import dev.baton.superserver.limits.AdmissionGate;
import dev.baton.superserver.limits.ConnectionLimiter;
import dev.baton.superserver.limits.Refusal;
import dev.baton.superserver.limits.RefusalLog;
import dev.baton.superserver.program.ProgramBridgeHandler;
import dev.baton.superserver.program.ServiceCommand;
import dev.baton.superserver.wait.WaitService;
import dev.baton.superserver.wait.WaitServiceHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** One service's listening port and the pipeline of its connections: admission gate, then the service. */
final class ServiceListener implements AutoCloseable {
    private static final long REFUSAL_LOG_WINDOW_NANOS = 10_000_000_000L;

    private final ServiceConfig service;
    private final ConnectionLimiter limiter;
    private final RefusalLog refusals;
    private final Counter accepted;
    private final Counter refused;
    private final WaitService waitService;
    private final Path logFile;
    private final Clock clock;
    private Channel serverChannel;

    ServiceListener(ServiceConfig service, Function<WaitService.RefusalSink, WaitService> waitServices, Path logFile,
                    MetricRegistry metrics, Clock clock, LongSupplier nanoClock) {
        this.service = service;
        this.logFile = logFile;
        this.clock = clock;
        this.limiter = new ConnectionLimiter(service.limits(), nanoClock);
        this.refusals = new RefusalLog(service.name(), REFUSAL_LOG_WINDOW_NANOS, nanoClock);
        this.accepted = metrics.counter(MetricRegistry.name("service", service.name(), "accepted"));
        this.refused = metrics.counter(MetricRegistry.name("service", service.name(), "refused"));
        metrics.gauge(MetricRegistry.name("service", service.name(), "active"), () -> limiter::active);
        this.waitService = service.mode() == ServiceMode.WAIT ? waitServices.apply(this::refusedByService) : null;
    }

    private void refusedByService(Refusal why, Channel ch) {
        refused.inc();
        refusals.refused(why, ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : ch.remoteAddress());
    }

    void bind(EventLoopGroup group, Class<? extends ServerChannel> channelType) throws InterruptedException {
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                // Nothing is read before the service has the connection: a wait service hands it off unread.
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, isNowaitProgram())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("gate", new AdmissionGate(limiter, refusals, refused));
                        ch.pipeline().addLast("service", serviceHandler());
                        accepted.inc();
                    }
                })
                .bind(new InetSocketAddress(service.bind(), service.port()))
                .sync()
                .channel();
    }

    private boolean isNowaitProgram() {
        return service.mode() == ServiceMode.NOWAIT && service.type() == ServiceType.PROGRAM;
    }

    private io.netty.channel.ChannelHandler serviceHandler() {
        if (service.mode() == ServiceMode.WAIT) {
            return new WaitServiceHandler(waitService);
        }
        if (service.type() == ServiceType.INTERNAL) {
            return BuiltinServices.handler(service.internal(), clock);
        }
        return new ProgramBridgeHandler(() -> ServiceCommand.builder(service, logFile));
    }

    ServiceConfig service() {
        return service;
    }

    RefusalLog refusals() {
        return refusals;
    }

    ConnectionLimiter limiter() {
        return limiter;
    }

    WaitService waitService() {
        return waitService;
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops listening, then stops the wait service's process, if any. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (waitService != null) {
            waitService.close();
        }
    }
}
