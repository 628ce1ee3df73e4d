package dev.baton.common.net;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty's epoll handler, with one fix: a channel that stops wanting any event stays registered with epoll.
 *
 * <p>Netty 4.2.18 removes the descriptor from epoll (EPOLL_CTL_DEL) when a channel's interest drops to none,
 * but keeps its registration marked as added, so the next interest change is an EPOLL_CTL_MOD that fails with
 * ENOENT and Netty closes the channel. A relay reaches that state often: a client that half-closes has its
 * input shut (no EPOLLIN, no EPOLLRDHUP), and the first time its answer does not fit the socket buffer the
 * switch asks for EPOLLOUT, fails, and cuts the answer short. Here "no events" becomes an edge-triggered
 * registration for nothing: the descriptor stays in epoll, reports an error or hang-up at most once, and the
 * next change is a MOD that works. (The close that follows no longer meets a second, failing DEL either.)
 */
final class KeepRegisteredEpollIoHandler implements IoHandler {
    private static final EpollIoOps NOTHING = EpollIoOps.EPOLLET;

    private final IoHandler epoll;

    private KeepRegisteredEpollIoHandler(IoHandler epoll) {
        this.epoll = epoll;
    }

    static IoHandlerFactory newFactory() {
        IoHandlerFactory epoll = EpollIoHandler.newFactory();
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                return new KeepRegisteredEpollIoHandler(epoll.newHandler(executor));
            }

            @Override
            public boolean isChangingThreadSupported() {
                return epoll.isChangingThreadSupported();
            }
        };
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return new KeptRegistration(epoll.register(handle));
    }

    @Override
    public void initialize() {
        epoll.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        return epoll.run(context);
    }

    @Override
    public void prepareToDestroy() {
        epoll.prepareToDestroy();
    }

    @Override
    public void destroy() {
        epoll.destroy();
    }

    @Override
    public void wakeup() {
        epoll.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return epoll.isCompatible(handleType);
    }

    /** Netty's registration, with an empty interest set submitted as {@link #NOTHING}. */
    private record KeptRegistration(IoRegistration epoll) implements IoRegistration {
        @Override
        public <T> T attachment() {
            return epoll.attachment();
        }

        @Override
        public long submit(IoOps ops) {
            boolean none = ops instanceof EpollIoOps e && e.value() == 0;
            return epoll.submit(none ? NOTHING : ops);
        }

        @Override
        public boolean isValid() {
            return epoll.isValid();
        }

        @Override
        public boolean cancel() {
            return epoll.cancel();
        }
    }
}
