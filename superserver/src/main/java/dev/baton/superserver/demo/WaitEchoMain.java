package dev.baton.superserver.demo;

import dev.baton.common.handoff.HandedOffChannels;
import dev.baton.common.handoff.HandoffServer;
import dev.baton.common.lifecycle.ProcessLifecycle;
import dev.baton.common.net.Transport;
import dev.baton.superserver.builtin.EchoHandler;
import dev.baton.superserver.wait.ServiceLauncher;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A demo {@code wait} service: receives handed-off client sockets on {@code BATON_HANDOFF_SOCKET}
 * (or {@code --handoff-socket}) and echoes on them, after a greeting line {@code hello from <pid>}
 * so a client can tell one run of the service from the next. It reports its open connections as its
 * load, which the superserver reads to decide when it is idle.
 */
@Command(name = "baton-wait-echo", mixinStandardHelpOptions = true,
        description = "Demo wait service: echo over sockets handed off by the superserver.")
public final class WaitEchoMain implements Callable<Integer> {
    @Option(names = "--handoff-socket", description = "Unix socket to receive connections on (default: $BATON_HANDOFF_SOCKET)")
    Path socket;

    @Override
    public Integer call() throws Exception {
        Path path = socket != null ? socket : envSocket();
        if (path == null) {
            System.err.println("baton-wait-echo: no handoff socket: set " + ServiceLauncher.SOCKET_ENV + " or --handoff-socket");
            return 2;
        }
        EventLoopGroup group = Transport.EPOLL.newGroup(2, "wait-echo");
        AtomicInteger active = new AtomicInteger();
        ProcessLifecycle life = ProcessLifecycle.install("wait-echo");
        life.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        life.add(HandoffServer.start(path, group, active::get, h -> HandedOffChannels.register(h, group, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.config().setAutoRead(false);
                ch.pipeline().addLast(new Greeting(active), new EchoHandler());
            }
        })));
        life.awaitShutdown();
        return 0;
    }

    private static Path envSocket() {
        String v = System.getenv(ServiceLauncher.SOCKET_ENV);
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    /** Counts the connection while it is open and greets it with this process's id. */
    private static final class Greeting extends ChannelInboundHandlerAdapter {
        private final AtomicInteger active;

        Greeting(AtomicInteger active) {
            this.active = active;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active.incrementAndGet();
            ctx.writeAndFlush(Unpooled.copiedBuffer("hello from " + ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII));
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            active.decrementAndGet();
            ctx.fireChannelInactive();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new WaitEchoMain()).execute(args));
    }
}
