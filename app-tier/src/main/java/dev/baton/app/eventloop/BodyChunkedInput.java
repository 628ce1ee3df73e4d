package dev.baton.app.eventloop;

import dev.baton.app.server.StreamedResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * A streamed body as Netty chunks. {@code ChunkedWriteHandler} pulls the next chunk only while the
 * channel is writable, so a slow client never makes the server buffer more than a chunk or two.
 */
final class BodyChunkedInput implements ChunkedInput<ByteBuf> {
    static final int CHUNK = 64 * 1024;

    private final StreamedResponse response;
    private final byte[] scratch;
    private long position;

    BodyChunkedInput(StreamedResponse response) {
        this.response = response;
        this.scratch = new byte[(int) Math.min(CHUNK, Math.max(1, response.length()))];
    }

    @Override
    public boolean isEndOfInput() {
        return position >= response.length();
    }

    @Override
    public void close() {
        position = response.length();
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        if (isEndOfInput()) {
            return null;
        }
        int n = (int) Math.min(scratch.length, response.length() - position);
        response.source().fill(scratch, n, position);
        ByteBuf chunk = allocator.buffer(n);
        chunk.writeBytes(scratch, 0, n);
        position += n;
        return chunk;
    }

    @Override
    public long length() {
        return response.length();
    }

    @Override
    public long progress() {
        return position;
    }
}
