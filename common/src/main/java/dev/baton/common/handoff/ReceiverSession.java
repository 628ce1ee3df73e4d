package dev.baton.common.handoff;

import io.netty.channel.Channel;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving end of one sender session: pairs headers from the control connection with descriptors
 * from the descriptor connection, first in first out. The two connections may live on different event
 * loops, hence the lock.
 */
final class ReceiverSession {
    private static final Logger log = LoggerFactory.getLogger(ReceiverSession.class);

    private final UUID id;
    private final Consumer<HandedOff> onConnection;
    private final Runnable onClose;
    private final ArrayDeque<HandoffHeader> headers = new ArrayDeque<>();
    private final ArrayDeque<FileDescriptor> descriptors = new ArrayDeque<>();
    private Channel control;
    private Channel descriptorChannel;
    private boolean closed;

    ReceiverSession(UUID id, Consumer<HandedOff> onConnection, Runnable onClose) {
        this.id = id;
        this.onConnection = onConnection;
        this.onClose = onClose;
    }

    /** Attaches a connection; false when the session already has one in that role (or is closed). */
    synchronized boolean attach(Channel channel, boolean isControl) {
        if (closed || (isControl ? control : descriptorChannel) != null) {
            return false;
        }
        if (isControl) {
            control = channel;
        } else {
            descriptorChannel = channel;
        }
        channel.closeFuture().addListener(f -> close());
        return true;
    }

    void header(HandoffHeader header) {
        HandedOff paired;
        synchronized (this) {
            if (closed) {
                return;
            }
            FileDescriptor fd = descriptors.poll();
            if (fd == null) {
                headers.add(header);
                return;
            }
            paired = new HandedOff(fd, header);
        }
        deliver(paired);
    }

    void descriptor(FileDescriptor fd) {
        HandedOff paired;
        synchronized (this) {
            if (closed) {
                closeQuietly(fd);
                return;
            }
            HandoffHeader header = headers.poll();
            if (header == null) {
                descriptors.add(fd);
                return;
            }
            paired = new HandedOff(fd, header);
        }
        deliver(paired);
    }

    private void deliver(HandedOff connection) {
        try {
            onConnection.accept(connection);
        } catch (RuntimeException e) {
            log.warn("dropping handed-off connection {}: {}", connection.header().connectionId(), e.toString());
            closeQuietly(connection.descriptor());
        }
    }

    /** Closes both connections and every descriptor that never met its header. */
    void close() {
        ArrayDeque<FileDescriptor> orphans;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            orphans = new ArrayDeque<>(descriptors);
            descriptors.clear();
            headers.clear();
        }
        orphans.forEach(ReceiverSession::closeQuietly);
        if (control != null) {
            control.close();
        }
        if (descriptorChannel != null) {
            descriptorChannel.close();
        }
        onClose.run();
        log.debug("handoff session {} closed ({} unpaired descriptors closed)", id, orphans.size());
    }

    static void closeQuietly(FileDescriptor fd) {
        try {
            fd.close();
        } catch (IOException e) {
            log.debug("closing descriptor {} failed: {}", fd.intValue(), e.toString());
        }
    }
}
