package dev.baton.common.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.baton.common.net.Transport;
import dev.baton.common.proxy.ClientAddress;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sockets: a "switch" accepts with reads off and hands each connection to a "backend" over SCM_RIGHTS. */
class HandoffTest {
    @TempDir
    Path dir;

    private EventLoopGroup group;
    private HandoffServer receiver;
    private Channel switchChannel;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicReference<HandoffClient> client = new AtomicReference<>();
    private final ConcurrentLinkedQueue<Throwable> handoffFailures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        assumeThat(Epoll.isAvailable()).as("handoff needs epoll").isTrue();
        group = Transport.EPOLL.newGroup(2, "handoff-test");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (switchChannel != null) {
            switchChannel.close().sync();
        }
        if (client.get() != null) {
            client.get().close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void backendAnswersTheClientDirectlyAndSeesItsRealAddress() throws Exception {
        startReceiver(dir.resolve("app/handoff.sock"));
        startSwitch("GET ");
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.getOutputStream().write("/whoami\n".getBytes(StandardCharsets.US_ASCII));
            String reply = readLine(s.getInputStream());
            assertThat(reply).isEqualTo("GET /whoami from " + s.getLocalSocketAddress().toString().replace("/", ""));
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("app")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE, OWNER_EXECUTE]");
        assertThat(Files.getPosixFilePermissions(dir.resolve("app/handoff.sock")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    void leaksNoDescriptorOverManyHandoffs() throws Exception {
        startReceiver(dir.resolve("app/handoff.sock"));
        startSwitch("");
        exchange(); // warm up sessions and pools
        long baseline = openDescriptors();
        for (int i = 0; i < 2000; i++) {
            exchange();
        }
        assertThat(handoffFailures).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(openDescriptors()).isLessThanOrEqualTo(baseline + 2));
        assertThat(receiver.received()).isEqualTo(2001);
    }

    @Test
    void failsBeforeSendingWhenNoReceiverListensAndLeaksNothing() throws Exception {
        startSwitch("");
        long baseline = openDescriptors();
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", port())) {
                // the switch closes the connection after the failed handoff
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
        }
        await().untilAsserted(() -> assertThat(handoffFailures).hasSize(200));
        assertThat(handoffFailures).allMatch(e -> e instanceof HandoffException);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(openDescriptors()).isLessThanOrEqualTo(baseline + 2));
    }

    @Test
    void reportsTheReceiversLoad() throws Exception {
        AtomicInteger load = new AtomicInteger(7);
        receiver = HandoffServer.start(dir.resolve("app/handoff.sock"), group, load::get, h -> ReceiverSession.closeQuietly(h.descriptor()));
        startSwitch("");
        exchangeIgnoringReply();
        await().untilAsserted(() -> assertThat(client.get().reportedActive()).isEqualTo(7));
        load.set(3);
        await().atMost(Duration.ofMillis(1000)).untilAsserted(() -> assertThat(client.get().reportedActive()).isEqualTo(3));
    }

    private void startReceiver(Path socket) throws Exception {
        Consumer<HandedOff> adopt = h -> HandedOffChannels.register(h, group, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LineAnswerer());
            }
        });
        receiver = HandoffServer.start(socket, group, served::get, adopt);
    }

    /** Accepts with reads off and hands off at once, passing {@code prefix} as if it had been read. */
    private void startSwitch(String prefix) throws Exception {
        client.set(new HandoffClient(dir.resolve("app/handoff.sock")));
        switchChannel = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HandOffOnActive(prefix));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private int port() {
        return ((InetSocketAddress) switchChannel.localAddress()).getPort();
    }

    private void exchange() throws IOException {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(s.getInputStream())).startsWith("x from ");
        }
    }

    private void exchangeIgnoringReply() throws IOException {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.getInputStream().read();
        }
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** Answers a line with the line and the client address the backend sees, then closes. */
    private final class LineAnswerer extends ChannelInboundHandlerAdapter {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            line.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
            int nl = line.indexOf("\n");
            if (nl >= 0) {
                String answer = line.substring(0, nl) + " from " + ClientAddress.of(ctx.channel()).toString().replace("/", "") + "\n";
                served.incrementAndGet();
                ctx.writeAndFlush(Unpooled.copiedBuffer(answer, StandardCharsets.US_ASCII))
                        .addListener(f -> ctx.close());
            }
        }
    }

    /** The switch side: hands the connection off as soon as it is accepted. */
    private final class HandOffOnActive extends ChannelInboundHandlerAdapter {
        private final String prefix;

        HandOffOnActive(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            Future<Void> f = client.get().handoff(ch, ids.incrementAndGet(), prefix.getBytes(StandardCharsets.US_ASCII));
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    handoffFailures.add(done.cause());
                    ch.close();
                }
            });
        }
    }
}
