package dev.baton.superserver.wait;

import dev.baton.superserver.limits.Refusal;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code wait} service: its process is started by the first connection, handed that connection and
 * every later one over the handoff socket, and stopped after {@code idle} without connections (its own
 * load reports say when it has none active); the next connection starts it again. Connections that
 * arrive while it starts or stops wait, at most {@code maxWaiting} of them and for at most
 * {@code startTimeout}.
 *
 * <p>{@link #accept} runs on event loops; starting, probing and stopping the process block, so they run
 * on this service's own scheduler thread. State changes happen under this object's lock.
 */
public final class WaitService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WaitService.class);
    private static final long PROBE_MILLIS = 20;

    private final String name;
    private final Path socket;
    private final ServiceLauncher launcher;
    private final Function<Path, HandoffTarget> targets;
    private final long idleNanos;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final int maxWaiting;
    private final LongSupplier nanoClock;
    private final RefusalSink refusals;
    private final ScheduledExecutorService worker;
    private final ArrayDeque<Channel> waiting = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong starts = new AtomicLong();
    private final AtomicLong stops = new AtomicLong();
    private final AtomicLong handedOff = new AtomicLong();
    private WaitState state = WaitState.STOPPED;
    private Process process;
    private HandoffTarget target;
    private int inFlight;
    private long lastActivity;

    /** Told about every connection this service refuses (queue full, start failed or timed out). */
    @FunctionalInterface
    public interface RefusalSink {
        void refused(Refusal why, Channel channel);
    }

    WaitService(String name, Path socket, ServiceLauncher launcher, Function<Path, HandoffTarget> targets,
                Duration idle, Duration startTimeout, Duration stopTimeout, int maxWaiting, LongSupplier nanoClock,
                RefusalSink refusals, boolean checkIdlePeriodically) {
        this.name = name;
        this.socket = socket.toAbsolutePath();
        this.launcher = launcher;
        this.targets = targets;
        this.idleNanos = idle.toNanos();
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
        this.maxWaiting = maxWaiting;
        this.nanoClock = nanoClock;
        this.refusals = refusals;
        this.worker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("wait-" + name).daemon().factory());
        if (checkIdlePeriodically) {
            long period = Math.max(50, Math.min(1000, idle.toMillis() / 10));
            worker.scheduleWithFixedDelay(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** A wait service handing off through the common handoff client and checking idleness by itself. */
    public static WaitService create(String name, Path socket, ServiceLauncher launcher, Duration idle,
                                     Duration startTimeout, Duration stopTimeout, int maxWaiting, RefusalSink refusals) {
        return new WaitService(name, socket, launcher, HandoffTarget::of, idle, startTimeout, stopTimeout, maxWaiting,
                System::nanoTime, refusals, true);
    }

    /** Takes a new connection (reads off); call on its event loop. */
    public void accept(Channel channel) {
        HandoffTarget ready;
        synchronized (this) {
            switch (state) {
                case RUNNING -> {
                    inFlight++;
                    lastActivity = nanoClock.getAsLong();
                    ready = target;
                }
                case STOPPED, STARTING, STOPPING -> {
                    enqueue(channel);
                    return;
                }
                default -> {
                    channel.close();
                    return;
                }
            }
        }
        handoff(channel, ready);
    }

    private void enqueue(Channel channel) {
        if (waiting.size() >= maxWaiting) {
            refuse(Refusal.QUEUE_FULL, channel);
            return;
        }
        waiting.add(channel);
        channel.eventLoop().schedule(() -> expire(channel), startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (state == WaitState.STOPPED) {
            state = WaitState.STARTING;
            worker.execute(this::start);
        }
    }

    private void expire(Channel channel) {
        boolean removed;
        synchronized (this) {
            removed = waiting.remove(channel);
        }
        if (removed) {
            refuse(Refusal.UNAVAILABLE, channel);
        }
    }

    private void refuse(Refusal why, Channel channel) {
        refusals.refused(why, channel);
        channel.close();
    }

    private void handoff(Channel channel, HandoffTarget to) {
        to.handoff(channel, ids.incrementAndGet()).addListener(f -> {
            synchronized (this) {
                inFlight--;
                lastActivity = nanoClock.getAsLong();
            }
            if (f.isSuccess()) {
                handedOff.incrementAndGet();
            } else {
                log.warn("service {}: handing a connection to {} failed: {}", name, socket, f.cause().getMessage());
                channel.close();
            }
        });
    }

    /** On the worker: launch, wait until the socket accepts, then hand off everything that waited. */
    private void start() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Process p;
        try {
            Files.createDirectories(socket.getParent());
            Files.deleteIfExists(socket);
            p = launcher.launch(socket);
        } catch (IOException | RuntimeException e) {
            log.error("service {}: cannot start: {}", name, e.toString());
            startFailed(null);
            return;
        }
        starts.incrementAndGet();
        log.info("service {}: started process {} for its first connection", name, p.pid());
        synchronized (this) {
            if (state == WaitState.CLOSED) {
                destroy(p);
                return;
            }
            process = p;
        }
        p.onExit().thenAccept(this::exited);
        while (!listening()) {
            if (!p.isAlive() || System.nanoTime() - deadline > 0) {
                log.error("service {}: process {} {} before listening on {}", name, p.pid(),
                        p.isAlive() ? "did not start in " + startTimeout.toMillis() + " ms" : "exited with " + p.exitValue(), socket);
                startFailed(p);
                return;
            }
            sleepQuietly(PROBE_MILLIS);
        }
        ready(targets.apply(socket));
    }

    private boolean listening() {
        if (!Files.exists(socket)) {
            return false;
        }
        // The file appears at bind(), a moment before listen(): only a real connect proves it is ready.
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void ready(HandoffTarget t) {
        List<Channel> flush;
        synchronized (this) {
            if (state != WaitState.STARTING) {
                t.close();
                return;
            }
            state = WaitState.RUNNING;
            target = t;
            lastActivity = nanoClock.getAsLong();
            flush = new ArrayList<>(waiting);
            waiting.clear();
            inFlight += flush.size();
        }
        log.info("service {}: ready on {}, handing off {} waiting connection(s)", name, socket, flush.size());
        for (Channel ch : flush) {
            ch.eventLoop().execute(() -> handoff(ch, t));
        }
    }

    private void startFailed(Process p) {
        if (p != null) {
            destroy(p);
        }
        List<Channel> failed;
        synchronized (this) {
            failed = new ArrayList<>(waiting);
            waiting.clear();
            process = null;
            if (state == WaitState.STARTING) {
                state = WaitState.STOPPED;
            }
        }
        failed.forEach(ch -> refuse(Refusal.UNAVAILABLE, ch));
    }

    /** Stops the service if it is running, has nothing in flight, reports no active connection and was idle long enough. */
    void checkIdle() {
        synchronized (this) {
            if (state != WaitState.RUNNING || inFlight > 0 || !waiting.isEmpty()) {
                return;
            }
            long now = nanoClock.getAsLong();
            if (target.reportedActive() > 0) {
                lastActivity = now;
                return;
            }
            if (now - lastActivity < idleNanos) {
                return;
            }
            state = WaitState.STOPPING;
        }
        log.info("service {}: idle for {} s, stopping it", name, idleNanos / 1_000_000_000L);
        worker.execute(this::stop);
    }

    /** On the worker: close the handoff client, SIGTERM the process, SIGKILL it after the grace period. */
    private void stop() {
        HandoffTarget t;
        Process p;
        synchronized (this) {
            t = target;
            p = process;
            target = null;
        }
        if (t != null) {
            t.close();
        }
        if (p != null) {
            destroy(p);
        }
        stops.incrementAndGet();
        synchronized (this) {
            process = null;
            if (state != WaitState.STOPPING) {
                return;
            }
            state = WaitState.STOPPED;
            if (!waiting.isEmpty()) {
                state = WaitState.STARTING;
                worker.execute(this::start);
            }
        }
        log.info("service {}: stopped", name);
    }

    private void exited(Process p) {
        boolean crashed;
        synchronized (this) {
            crashed = state == WaitState.RUNNING && p == process;
            if (crashed) {
                state = WaitState.STOPPING;
            }
        }
        if (crashed) {
            log.warn("service {}: process {} exited by itself ({}); the next connection starts it again", name, p.pid(), p.exitValue());
            worker.execute(this::stop);
        }
    }

    private void destroy(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("service {}: process {} ignored SIGTERM for {} ms, killing it", name, p.pid(), stopTimeout.toMillis());
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String name() {
        return name;
    }

    public synchronized WaitState state() {
        return state;
    }

    /** The running process's id, or -1. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    public synchronized int waiting() {
        return waiting.size();
    }

    public long starts() {
        return starts.get();
    }

    public long stops() {
        return stops.get();
    }

    public long handedOff() {
        return handedOff.get();
    }

    /** Refuses whatever waits, stops the process and the worker. Blocks up to the stop timeout. */
    @Override
    public void close() {
        List<Channel> dropped;
        HandoffTarget t;
        Process p;
        synchronized (this) {
            if (state == WaitState.CLOSED) {
                return;
            }
            state = WaitState.CLOSED;
            dropped = new ArrayList<>(waiting);
            waiting.clear();
            t = target;
            p = process;
            target = null;
            process = null;
        }
        dropped.forEach(Channel::close);
        worker.shutdownNow();
        if (t != null) {
            t.close();
        }
        if (p != null) {
            destroy(p);
        }
    }
}
