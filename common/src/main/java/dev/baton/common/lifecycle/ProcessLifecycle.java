package dev.baton.common.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one start/stop pattern of a Baton process: components are added as they start and closed in
 * reverse order on SIGTERM/SIGINT (a JVM shutdown hook), so a service deregisters before it drains.
 *
 * <p>When {@code BATON_PARENT_PID} is set (the launcher sets it), the process also stops when that
 * parent is gone, so a launcher killed with SIGKILL leaves no orphans behind.
 *
 * <pre>{@code
 * ProcessLifecycle life = ProcessLifecycle.install("app-1");
 * life.add(server);
 * life.add(registration);  // closed first
 * life.awaitShutdown();
 * }</pre>
 */
public final class ProcessLifecycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessLifecycle.class);

    private final String name;
    private final List<AutoCloseable> components = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private ScheduledExecutorService watchdog;

    private ProcessLifecycle(String name) {
        this.name = name;
    }

    /** Creates the lifecycle and installs its shutdown hook and, if configured, the parent watchdog. */
    public static ProcessLifecycle install(String name) {
        ProcessLifecycle life = new ProcessLifecycle(name);
        Runtime.getRuntime().addShutdownHook(new Thread(life::close, name + "-shutdown"));
        exitZeroOnSignals();
        life.watchParent(System.getenv("BATON_PARENT_PID"));
        return life;
    }

    /**
     * SIGTERM and SIGINT run the shutdown hooks and exit 0. The JVM's default exits 143 or 130, which a
     * supervisor (systemd, Docker, the launcher) reads as a crash after what was a clean drain.
     */
    static void exitZeroOnSignals() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
            } catch (IllegalArgumentException e) {
                // not available on this platform, or reserved by the JVM: keep the default
            }
        }
    }

    /** Adds a started component; components close in reverse order of adding. */
    public synchronized <T extends AutoCloseable> T add(T component) {
        components.add(component);
        return component;
    }

    /** Blocks the calling (main) thread until the process is asked to stop. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        log.info("{} stopping", name);
        List<AutoCloseable> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(components);
        }
        Closeables.closeAllReversed(snapshot);
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        log.info("{} stopped", name);
        stopped.countDown();
    }

    private void awaitQuietly() {
        try {
            stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watchParent(String parentPid) {
        if (parentPid == null || parentPid.isBlank()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(parentPid.trim());
        } catch (NumberFormatException e) {
            log.warn("ignoring BATON_PARENT_PID '{}': not a process id", parentPid);
            return;
        }
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-parent-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(() -> {
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive) {
                log.warn("parent process {} is gone; stopping", pid);
                System.exit(0);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }
}
