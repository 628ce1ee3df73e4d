package dev.baton.common.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.UUID;

/** Frame types and encoders of the handoff control protocol (see the package documentation). */
final class HandoffFrames {
    static final byte HELLO = 1;
    static final byte ACK = 2;
    static final byte HEADER = 3;
    static final byte LOAD = 4;

    static final byte ROLE_CONTROL = 1;
    static final byte ROLE_DESCRIPTORS = 2;

    /** Request heads that content-aware dispatch read, plus headroom. */
    static final int MAX_PREFIX = 64 * 1024;
    static final int MAX_FRAME = MAX_PREFIX + 64;

    private HandoffFrames() {}

    /** Splits the byte stream into frames; the returned buffer starts at the type byte. */
    static LengthFieldBasedFrameDecoder decoder() {
        return new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4);
    }

    static ByteBuf hello(ByteBufAllocator alloc, byte role, UUID session) {
        ByteBuf b = alloc.buffer(4 + 1 + 1 + 16);
        b.writeInt(1 + 1 + 16).writeByte(HELLO).writeByte(role);
        b.writeLong(session.getMostSignificantBits()).writeLong(session.getLeastSignificantBits());
        return b;
    }

    static ByteBuf ack(ByteBufAllocator alloc) {
        return alloc.buffer(5).writeInt(1).writeByte(ACK);
    }

    static ByteBuf load(ByteBufAllocator alloc, int active, long received) {
        return alloc.buffer(4 + 1 + 12).writeInt(1 + 12).writeByte(LOAD).writeInt(active).writeLong(received);
    }
}
