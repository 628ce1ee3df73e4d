package dev.baton.common.launch;

import dev.baton.common.lifecycle.ServiceProcess;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./baton up}: the whole cluster on this machine, in the foreground, until Ctrl-C or SIGTERM. */
@Command(name = "baton up", mixinStandardHelpOptions = true, versionProvider = ClusterLauncher.Version.class,
        description = "Starts ZooKeeper, the data tier (H2 under run/), N app servers and the front switch as separate "
                + "processes; stops them all, app servers first, on Ctrl-C or SIGTERM (exit 0). Exits 2 with one "
                + "line when the cluster cannot start.")
public final class ClusterLauncher implements Callable<Integer> {
    @Option(names = "--apps", defaultValue = "3", description = "number of app servers (default: ${DEFAULT-VALUE})")
    int apps;

    @Option(names = "--mode", defaultValue = "auto", description = "switch mode: relay, handoff or auto (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "listen address of every process; 0.0.0.0 exposes the data tier and ZooKeeper, which take "
                    + "writes without authentication, to the network (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--run-dir", defaultValue = "run", description = "sockets, logs, pids, databases (default: ${DEFAULT-VALUE})")
    Path runDir;

    @Option(names = "--superserver", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also start the superserver and its daemon registry on 7111 (default: ${DEFAULT-VALUE})")
    boolean superserver;

    @Option(names = "--root", defaultValue = ".", description = "the Baton source tree with built modules (default: ${DEFAULT-VALUE})")
    Path root;

    @Override
    public Integer call() throws Exception {
        ClusterPlan plan;
        try {
            plan = ClusterPlan.builder().apps(apps).mode(mode).bind(bind).host(reachableAt(bind))
                    .runDir(root.resolve(runDir)).superserver(superserver).build();
        } catch (LaunchException e) {
            System.err.println("baton up: " + e.getMessage());
            return ServiceProcess.EXIT_STARTUP_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Cluster cluster;
        try {
            cluster = Cluster.start(plan, LaunchSettings.defaults(root, plan.runDir()), System.out::println);
        } catch (LaunchException e) {
            System.err.println("baton up: " + e.getMessage());
            return ServiceProcess.EXIT_STARTUP_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
                System.out.println("all Baton processes stopped");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "baton-up-stop"));
        printSummary(cluster, plan, root.toAbsolutePath().normalize());
        stopped.await();
        return 0;
    }

    /** Where the processes are reached: the bind address, or loopback when they listen on every address. */
    static String reachableAt(String bind) {
        String b = bind.strip();
        return b.equals("0.0.0.0") || b.equals("::") || b.equals("[::]") ? "127.0.0.1" : b;
    }

    private static void printSummary(Cluster cluster, ClusterPlan plan, Path root) {
        System.out.println();
        System.out.printf("Baton is up: %d app servers, switch mode %s%n", plan.apps(), plan.mode());
        for (ManagedProcess p : cluster.processes()) {
            Path log = p.log().startsWith(root) ? root.relativize(p.log()) : p.log();
            System.out.printf("  %-10s %-48s pid %-7d log %s%n", p.spec().name(), p.spec().endpoint(), p.pid(), log);
        }
        System.out.println();
        System.out.printf("Try:  curl %s:%d/whoami     ./baton status     Ctrl-C stops everything%n", plan.host(),
                plan.switchPort());
        System.out.printf("      admin writes on :%d need  -H 'Authorization: Bearer %s'%n", plan.adminPort(),
                ClusterPlan.operatorAdminToken() ? "$BATON_ADMIN_TOKEN" : ClusterPlan.DEV_ADMIN_TOKEN);
        if (plan.superserver()) {
            System.out.printf("      curl %s:%d/whoami   (starts an app server on demand; registry on port %d)%n",
                    plan.host(), ClusterPlan.ON_DEMAND_APP_PORT, ClusterPlan.REGISTRY_PORT);
        }
    }

    public static void main(String[] args) {
        ServiceProcess.main(new ClusterLauncher(), args); // SIGTERM and Ctrl-C: stop everything, exit 0
    }

    /** {@code --version}: the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ClusterLauncher.class.getPackage().getImplementationVersion();
            return new String[] {"baton up " + (v == null ? "dev" : v)};
        }
    }
}
