package dev.baton.superserver.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Example client: binds to a service by name through the registry, sends one line, prints the lines it
 * gets back until the first empty read timeout or close.
 * {@code java dev.baton.superserver.client.BindExample --registry localhost:7111 --service echo --send hello}
 */
@Command(name = "baton-bind", mixinStandardHelpOptions = true,
        description = "Look a service up by name in the daemon registry, connect (failing over), send a line, print the answer.")
public final class BindExample implements Callable<Integer> {
    @Option(names = "--registry", split = ",", description = "registry daemons host:port (default: localhost:7111)")
    List<String> registries = List.of("localhost:7111");

    @Option(names = "--service", required = true, description = "service name")
    String service;

    @Option(names = "--version", description = "service version (default: any)")
    String version;

    @Option(names = "--send", description = "line to send (default: hello)")
    String send = "hello";

    @Override
    public Integer call() throws Exception {
        Binder.Builder b = Binder.builder();
        for (String r : registries) {
            int colon = r.lastIndexOf(':');
            if (colon < 0) {
                System.err.println("baton-bind: --registry: '" + r + "' (expected: host:port)");
                return 2;
            }
            b.registry(new InetSocketAddress(r.substring(0, colon), Integer.parseInt(r.substring(colon + 1))));
        }
        try (Socket s = b.build().connect(service, version)) {
            System.out.println("connected to " + s.getRemoteSocketAddress());
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write((send + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println(line);
            }
        } catch (java.net.SocketTimeoutException e) {
            return 0;
        } catch (java.io.IOException e) {
            System.err.println("baton-bind: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BindExample()).execute(args));
    }
}
