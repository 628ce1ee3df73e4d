package dev.baton.common.launch;

import dev.baton.common.lifecycle.ServiceProcess;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./baton up}: the whole cluster on this machine, in the foreground, until Ctrl-C or SIGTERM. */
@Command(name = "baton up", mixinStandardHelpOptions = true,
        description = "Starts ZooKeeper, the data tier (H2 under run/), N app servers and the front switch as separate "
                + "processes; stops them all, app servers first, on Ctrl-C or SIGTERM.")
public final class ClusterLauncher implements Callable<Integer> {
    @Option(names = "--apps", defaultValue = "3", description = "number of app servers (default: ${DEFAULT-VALUE})")
    int apps;

    @Option(names = "--mode", defaultValue = "auto", description = "switch mode: relay, handoff or auto (default: ${DEFAULT-VALUE})")
    String mode;

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
            plan = ClusterPlan.builder().apps(apps).mode(mode).runDir(root.resolve(runDir)).superserver(superserver).build();
        } catch (LaunchException e) {
            System.err.println("baton up: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Cluster cluster;
        try {
            cluster = Cluster.start(plan, LaunchSettings.defaults(root, plan.runDir()), System.out::println);
        } catch (LaunchException e) {
            System.err.println("baton up: " + e.getMessage());
            return 1;
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
        printSummary(cluster, plan);
        stopped.await();
        return 0;
    }

    private static void printSummary(Cluster cluster, ClusterPlan plan) {
        System.out.println();
        System.out.printf("Baton is up: %d app servers, switch mode %s%n", plan.apps(), plan.mode());
        for (ManagedProcess p : cluster.processes()) {
            System.out.printf("  %-10s %-48s pid %-7d log %s%n", p.spec().name(), p.spec().endpoint(), p.pid(),
                    plan.runDir().getParent() == null ? p.log() : plan.runDir().getParent().relativize(p.log()));
        }
        System.out.println();
        System.out.printf("Try:  curl localhost:%d/whoami     ./baton status     Ctrl-C stops everything%n", plan.switchPort());
        if (plan.superserver()) {
            System.out.printf("      curl localhost:%d/whoami   (starts an app server on demand; registry on port %d)%n",
                    ClusterPlan.ON_DEMAND_APP_PORT, ClusterPlan.REGISTRY_PORT);
        }
    }

    public static void main(String[] args) {
        System.exit(ServiceProcess.commandLine(new ClusterLauncher()).execute(args));
    }
}
