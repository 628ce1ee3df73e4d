package dev.baton.app.eventloop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.app.server.RunningApp;
import dev.baton.app.server.ServerModel;
import dev.baton.app.server.RawHttp;
import dev.baton.common.http.Json;
import dev.baton.common.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The event-loop server serves a connection accepted elsewhere (what a handoff delivers). */
class EventLoopAdoptTest {
    @Test
    void servesAConnectionAcceptedByAnotherListener() throws Exception {
        Transport transport = Transport.best();
        EventLoopGroup elsewhere = transport.newGroup(1, "elsewhere");
        try (RunningApp app = RunningApp.start(ServerModel.EVENT_LOOP)) {
            EventLoopServer server = (EventLoopServer) app.server;
            Channel listener = new ServerBootstrap().group(elsewhere).channel(transport.serverChannel())
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            Channel connected = ctx.channel();
                            connected.pipeline().remove(this);
                            connected.deregister().addListener(f -> server.adopt(connected));
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            int otherPort = ((InetSocketAddress) listener.localAddress()).getPort();

            try (RawHttp raw = new RawHttp(otherPort)) {
                raw.send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response response = raw.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(Json.MAPPER.readTree(response.body()).get("port").asInt()).isEqualTo(server.port());
                assertThat(server.openConnections()).isEqualTo(1);
            }
            listener.close().sync();
        } finally {
            elsewhere.shutdownGracefully().sync();
        }
    }
}
