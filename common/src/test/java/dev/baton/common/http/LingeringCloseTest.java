package dev.baton.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.common.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** On a real socket: a client still uploading a body over the limit reads the 413, not a reset. */
class LingeringCloseTest {
    private static final int LIMIT = 1024;

    @Test
    void aClientStillUploadingAnOversizeBodyReadsThe413() throws Exception {
        Router router = Router.builder()
                .post("/echo", Route.of(r -> Responses.bytes(HttpResponseStatus.OK, r.body(), "text/plain")))
                .build();
        Transport t = Transport.best();
        EventLoopGroup group = t.newGroup(1, "linger-test");
        try {
            Channel server = new ServerBootstrap().group(group).channel(t.serverChannel())
                    .childHandler(new HttpServerInitializer(router, LIMIT, 60))
                    .bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            for (int i = 0; i < 20; i++) {
                assertThat(uploadThenRead(port)).startsWith("HTTP/1.1 413").contains("\"status\":413");
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Sends a 2 MiB body in 64 KiB writes without reading, then reads what the server answered. */
    private static String uploadThenRead(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            int size = 2 * 1024 * 1024;
            out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int sent = 0; sent < size; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (SocketException stopped) {
                // the server stopped taking the body (budget spent): the answer must still be readable
            }
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
