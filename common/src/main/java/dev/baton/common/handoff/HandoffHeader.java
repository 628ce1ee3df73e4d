package dev.baton.common.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * What the switch knows about a handed-off connection: its id, the client's address, and any bytes it
 * already read from the client (to choose the backend), which the receiver must process first.
 */
public record HandoffHeader(long connectionId, InetSocketAddress client, byte[] prefix) {
    public HandoffHeader {
        if (prefix.length > HandoffFrames.MAX_PREFIX) {
            throw new IllegalArgumentException("prefix: " + prefix.length + " bytes (expected: <= " + HandoffFrames.MAX_PREFIX + ")");
        }
    }

    ByteBuf encode(ByteBufAllocator alloc) {
        byte[] address = client.getAddress().getAddress();
        int payload = 1 + 8 + 1 + address.length + 2 + 4 + prefix.length;
        ByteBuf b = alloc.buffer(4 + payload);
        b.writeInt(payload).writeByte(HandoffFrames.HEADER).writeLong(connectionId);
        b.writeByte(address.length == 4 ? 4 : 6).writeBytes(address).writeShort(client.getPort());
        b.writeInt(prefix.length).writeBytes(prefix);
        return b;
    }

    /** Decodes the payload after the type byte; throws {@link IllegalArgumentException} on a malformed frame. */
    static HandoffHeader decode(ByteBuf b) {
        try {
            long id = b.readLong();
            byte family = b.readByte();
            int addressLength = switch (family) {
                case 4 -> 4;
                case 6 -> 16;
                default -> throw new IllegalArgumentException("address family " + family);
            };
            byte[] address = ByteBufUtil.getBytes(b.readSlice(addressLength));
            int port = b.readUnsignedShort();
            int n = b.readInt();
            if (n < 0 || n > b.readableBytes()) {
                throw new IllegalArgumentException("prefix length " + n + " with " + b.readableBytes() + " bytes left");
            }
            byte[] prefix = ByteBufUtil.getBytes(b.readSlice(n));
            return new HandoffHeader(id, new InetSocketAddress(InetAddress.getByAddress(address), port), prefix);
        } catch (IndexOutOfBoundsException | UnknownHostException e) {
            throw new IllegalArgumentException("malformed handoff header: " + e.getMessage(), e);
        }
    }
}
