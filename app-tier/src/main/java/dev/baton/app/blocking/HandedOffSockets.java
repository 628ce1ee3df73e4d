package dev.baton.app.blocking;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * A JDK {@link SocketChannel} over a connected socket's descriptor (one received from the switch).
 * The JDK has no public API for this, so it calls the constructor the JDK's own
 * {@code ServerSocketChannel.accept()} uses, {@code sun.nio.ch.SocketChannelImpl(provider, family,
 * fd, remote)}, with a descriptor made by {@code sun.nio.ch.IOUtil.newFD(int)}. That needs one JVM
 * flag, {@value #REQUIRED_FLAG}; {@link #unavailableReason()} says so when it is missing.
 *
 * <p>The result is an ordinary blocking channel: on a virtual thread its reads and writes park the
 * virtual thread (the JDK's poller), they do not pin its carrier.
 */
public final class HandedOffSockets {
    /** The JVM flag the blocking models need to take handed-off sockets. */
    public static final String REQUIRED_FLAG = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";

    private static final Access ACCESS = Access.load();

    private HandedOffSockets() {}

    /** Null when descriptors can be wrapped, else why not (naming the missing JVM flag). */
    public static String unavailableReason() {
        return ACCESS.failure;
    }

    /**
     * Wraps {@code fd}, which the returned channel then owns (closing the channel closes it).
     *
     * @throws IOException when the descriptor cannot be wrapped; {@code fd} is then still the caller's
     */
    public static SocketChannel wrap(int fd, InetSocketAddress remote) throws IOException {
        if (ACCESS.failure != null) {
            throw new IOException(ACCESS.failure);
        }
        try {
            FileDescriptor descriptor = (FileDescriptor) ACCESS.newFd.invoke(null, fd);
            return (SocketChannel) ACCESS.constructor.newInstance(SelectorProvider.provider(), family(descriptor), descriptor, remote);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("cannot wrap descriptor " + fd, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot wrap descriptor " + fd, e);
        }
    }

    /**
     * The socket's own family, from its local address. (An IPv6 socket bound to an IPv4-mapped address
     * reads as IPv4; the family then only decides which TOS option the JDK would set, which we never do.)
     */
    private static ProtocolFamily family(FileDescriptor descriptor) throws ReflectiveOperationException {
        SocketAddress local = (SocketAddress) ACCESS.localAddress.invoke(null, descriptor);
        return local instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
    }

    /** The reflective handles, looked up once. */
    private record Access(Constructor<?> constructor, Method newFd, Method localAddress, String failure) {
        static Access load() {
            try {
                Class<?> impl = Class.forName("sun.nio.ch.SocketChannelImpl");
                Constructor<?> constructor = impl.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class,
                        FileDescriptor.class, SocketAddress.class);
                Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
                Method newFd = ioUtil.getDeclaredMethod("newFD", int.class);
                Method localAddress = Class.forName("sun.nio.ch.Net").getDeclaredMethod("localAddress", FileDescriptor.class);
                constructor.setAccessible(true);
                newFd.setAccessible(true);
                localAddress.setAccessible(true);
                return new Access(constructor, newFd, localAddress, null);
            } catch (RuntimeException e) { // InaccessibleObjectException: the package is not opened
                return failed("the blocking server models need the JVM flag " + REQUIRED_FLAG
                        + " to take handed-off sockets (" + e.getMessage() + ")");
            } catch (ReflectiveOperationException e) {
                return failed("this JDK (" + Runtime.version() + ") has no SocketChannelImpl(SelectorProvider, ProtocolFamily, "
                        + "FileDescriptor, SocketAddress) to wrap handed-off sockets: " + e);
            }
        }

        private static Access failed(String why) {
            return new Access(null, null, null, why);
        }
    }
}
