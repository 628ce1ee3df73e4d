package dev.baton.load.echo;

import dev.baton.common.launch.ReadinessProbe;
import dev.baton.load.bench.BatonProcesses;
import dev.baton.load.bench.BenchException;
import dev.baton.load.bench.BenchProcess;
import dev.baton.load.bench.ProcessGroup;
import dev.baton.load.tcp.TcpLoadMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./baton echo-switch}: echo through the real switch. Starts, as processes on loopback, an embedded
 * ZooKeeper of its own, {@code --backends} echo servers that register there as the switch's {@code app}
 * service, and a switch relaying to them; then either runs {@code tcp-load echo} through the switch with the
 * arguments after {@code --} and stops everything, or keeps running until Ctrl-C.
 */
@Command(name = "echo-switch", mixinStandardHelpOptions = true,
        description = "ZooKeeper, echo backends and a relaying switch; then tcp-load echo through it (args after --).")
public final class EchoSwitchMain implements Callable<Integer> {
    @Option(names = "--root", description = "the Baton checkout (default: .)")
    Path root = Path.of(".");
    @Option(names = "--port", description = "the switch's port (default: a free one)")
    int port;
    @Option(names = "--backends", description = "echo backends behind the switch (default: 2)")
    int backends = 2;
    @Parameters(arity = "0..*", paramLabel = "TCP-LOAD-ARGS",
            description = "after --: arguments of tcp-load echo (its --port is the switch's), e.g. -- --rate 200 --duration 30s")
    List<String> loadArgs = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new EchoSwitchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (backends < 1 || backends > 16) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--backends: " + backends + " (expected: 1-16)");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--port: " + port + " (expected: 1-65535, or 0 for a free one)");
        }
        // Bad tcp-load arguments fail here, in a moment, not after ZooKeeper, the backends and the switch started;
        // port 1 stands in for the switch's port, which is not known yet.
        if (!loadArgs.isEmpty()) {
            int bad = TcpLoadMain.check(loadArgs(port == 0 ? 1 : port));
            if (bad != 0) {
                return bad;
            }
        }
        Path base = root.toAbsolutePath().normalize();
        Path dir = Files.createTempDirectory(Files.createDirectories(base.resolve("run/echo-switch")), "run-");
        try (ProcessGroup group = new ProcessGroup(base, dir)) {
            int switchPort = start(group);
            System.out.printf("echo-switch: %d echo backend(s) behind the switch on 127.0.0.1:%d (relay); logs in %s%n",
                    backends, switchPort, dir);
            if (loadArgs.isEmpty()) {
                System.out.printf("echo-switch: run ./baton tcp-load echo --port %d ...; Ctrl-C stops everything%n", switchPort);
                new CountDownLatch(1).await(); // until Ctrl-C; the group's shutdown hook stops the processes
            }
            return TcpLoadMain.commandLine().execute(loadArgs(switchPort));
        } catch (BenchException e) {
            System.err.println("echo-switch: " + e.getMessage());
            return 1;
        }
    }

    private String[] loadArgs(int switchPort) {
        List<String> args = new ArrayList<>(List.of("echo", "--port", Integer.toString(switchPort)));
        args.addAll(loadArgs);
        return args.toArray(String[]::new);
    }

    private int start(ProcessGroup group) {
        BatonProcesses.Started zk = BatonProcesses.zookeeper(group);
        String zookeeper = "127.0.0.1:" + zk.port();
        for (int i = 1; i <= backends; i++) {
            int echoPort = ProcessGroup.freePort();
            BenchProcess echo = group.startJava("echo-" + i, "load-tests", EchoBackendMain.class.getName(),
                    List.of("--id", "echo-" + i, "--port", Integer.toString(echoPort), "--zookeeper", zookeeper));
            ProcessGroup.awaitReady(echo, ReadinessProbe.tcp("127.0.0.1", echoPort));
        }
        int switchPort = port == 0 ? ProcessGroup.freePort() : port;
        int admin = ProcessGroup.freePort();
        // The echo backends speak no PROXY protocol, so the switch sends the client's bytes only.
        BenchProcess fswitch = group.startJava("switch", "front-switch", "dev.baton.fswitch.SwitchMain", List.of(
                "--port", Integer.toString(switchPort), "--bind", "127.0.0.1", "--admin-port", Integer.toString(admin),
                "--mode", "relay", "--zookeeper", zookeeper, "--proxy-protocol", "false"));
        // Ready once the switch counts every backend up, so the first users do not meet a half-known pool.
        ProcessGroup.awaitReady(fswitch, ReadinessProbe.httpContaining("http://127.0.0.1:" + admin + "/health",
                List.of("\"backendsUp\":" + backends)));
        return switchPort;
    }
}
