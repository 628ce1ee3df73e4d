package dev.baton.common.lifecycle;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * How a Baton service process ends: one line on stderr and exit code 2 when it cannot start, exit code 0
 * after an orderly stop (SIGTERM, SIGINT).
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     ServiceProcess.main(new DataTierMain(), args);
 * }
 *
 * public Integer call() {
 *     ...
 *     } catch (ConfigException e) {
 *         return ServiceProcess.cannotStart("baton-data-tier", e.getMessage(), e);
 *     }
 *     return ServiceProcess.runUntilStopped(settings.id(), tier, () -> log.info("ready"));
 * }
 * }</pre>
 */
public final class ServiceProcess {
    public static final int EXIT_STARTUP_FAILED = 2;
    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);

    /** Set before the JVM exits; the exit hook halts with it, so an orderly stop on SIGTERM exits 0, not 143. */
    private static volatile int exitCode;

    private ServiceProcess() {}

    /** Runs the picocli {@code command} with {@code args} and exits the JVM with its code. */
    public static void main(Object command, String[] args) {
        // From the first moment, not only once started: a SIGTERM while the service waits for ZooKeeper or its
        // database would otherwise end it with the JVM's 143, which a supervisor reads as a crash.
        ProcessLifecycle.exitZeroOnSignals();
        int code = commandLine(command).execute(args);
        exitCode = code;
        System.exit(code);
    }

    /**
     * The picocli command line of {@code command}: an option it cannot parse (unknown, or a value of the wrong
     * type) is one line on stderr and {@link #EXIT_STARTUP_FAILED}, like any other refusal to start, rather than
     * picocli's whole usage text.
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(c.getCommandName() + ": " + e.getMessage() + " (see --help)");
            return EXIT_STARTUP_FAILED;
        });
        return cl;
    }

    /** Prints {@code "<command>: <why>"} as the one line on stderr and returns {@link #EXIT_STARTUP_FAILED}. */
    public static int cannotStart(String command, String why, Exception cause) {
        log.debug("startup failed", cause);
        System.err.println(command + ": " + why);
        return EXIT_STARTUP_FAILED;
    }

    /**
     * Hands the started {@code service} to a {@link ProcessLifecycle} named {@code name}, runs {@code ready}
     * (its log line), blocks until the process is asked to stop and returns 0 once the service is closed.
     */
    public static int runUntilStopped(String name, AutoCloseable service, Runnable ready) {
        ProcessLifecycle life = ProcessLifecycle.install(name);
        life.add(service);
        Runtime.getRuntime().addShutdownHook(exitHook(name, life::close, Runtime.getRuntime()::halt));
        ready.run();
        try {
            life.awaitShutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Closes, then halts with the command's exit code: a SIGTERM left to the JVM ends with status 143 once
     * the hooks are done, which a supervisor reads as a crash after what was an orderly close.
     */
    static Thread exitHook(String name, Runnable close, IntConsumer halt) {
        return new Thread(() -> {
            close.run();
            halt.accept(exitCode);
        }, name + "-exit");
    }
}
