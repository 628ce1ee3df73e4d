package dev.baton.common.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Accepts an optional PROXY protocol header (v1 or v2) at the start of a connection. If the first
 * bytes are a PROXY signature it installs Netty's decoder and {@link ProxyHeaderHandler}; otherwise it
 * steps aside and the bytes flow on untouched.
 */
public final class ProxyProtocolDetector extends ByteToMessageDecoder {
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Signature v2 = compare(in, V2);
        Signature v1 = compare(in, V1);
        if (v2 == Signature.PARTIAL || v1 == Signature.PARTIAL) {
            return; // too few bytes to tell yet
        }
        if (v2 == Signature.MATCH || v1 == Signature.MATCH) {
            ctx.pipeline().addAfter(ctx.name(), "proxy-header", new ProxyHeaderHandler());
            ctx.pipeline().addAfter(ctx.name(), "proxy-decoder", new HAProxyMessageDecoder());
        }
        ctx.pipeline().remove(this);
    }

    private enum Signature { MATCH, PARTIAL, MISMATCH }

    private static Signature compare(ByteBuf in, byte[] signature) {
        int n = Math.min(in.readableBytes(), signature.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != signature[i]) {
                return Signature.MISMATCH;
            }
        }
        return n == signature.length ? Signature.MATCH : Signature.PARTIAL;
    }
}
