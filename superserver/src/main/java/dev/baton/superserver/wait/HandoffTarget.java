package dev.baton.superserver.wait;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.nio.file.Path;

/** Where a running wait service receives connections: the common handoff client, behind a seam for tests. */
interface HandoffTarget extends AutoCloseable {
    /** Hands {@code channel} off; call on its event loop. */
    Future<Void> handoff(Channel channel, long id);

    /** Active connections the service last reported, -1 before its first report. */
    int reportedActive();

    @Override
    void close();

    /** The real target: {@link dev.baton.common.handoff.HandoffClient}. */
    static HandoffTarget of(Path socket) {
        dev.baton.common.handoff.HandoffClient client = new dev.baton.common.handoff.HandoffClient(socket);
        return new HandoffTarget() {
            @Override
            public Future<Void> handoff(Channel channel, long id) {
                return client.handoff(channel, id, new byte[0]);
            }

            @Override
            public int reportedActive() {
                return client.reportedActive();
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
