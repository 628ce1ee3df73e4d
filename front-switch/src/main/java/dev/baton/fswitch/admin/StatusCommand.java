package dev.baton.fswitch.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.common.http.Json;
import dev.baton.common.lifecycle.ServiceProcess;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton status}: the members as the switch sees them, as an aligned table. */
@Command(name = "baton-status", mixinStandardHelpOptions = true,
        description = "Prints the switch's backends: id, address, state, active connections, weight, handoffs and load report age.")
public final class StatusCommand implements Callable<Integer> {
    private static final String[] HEADER = {"ID", "ADDRESS", "STATE", "ACTIVE", "WEIGHT", "EJECTIONS", "PATH", "HANDOFFS", "REPORT-AGE"};

    @Option(names = "--admin", defaultValue = "http://localhost:8081", description = "the switch's admin URL (default: ${DEFAULT-VALUE})")
    String admin;

    @Option(names = "--timeout-ms", defaultValue = "3000", description = "how long to wait for the switch (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    private final PrintStream out;
    private final PrintStream err;

    public StatusCommand() {
        this(System.out, System.err);
    }

    StatusCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        String url = admin.replaceAll("/+$", "") + "/backends";
        JsonNode body;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMs)).build()) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofMillis(timeoutMs)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                err.println("baton status: " + url + " answered " + response.statusCode());
                return 1;
            }
            body = Json.MAPPER.readTree(response.body());
        } catch (IllegalArgumentException e) {
            err.println("baton status: bad admin URL '" + admin + "': " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("baton status: the switch does not answer at " + admin + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return 1;
        }
        out.print(table(body.path("backends")));
        return 0;
    }

    static String table(JsonNode backends) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (JsonNode b : backends) {
            rows.add(new String[] {b.path("id").asText(), b.path("address").asText(), b.path("state").asText(),
                    b.path("activeConnections").asText(), b.path("weight").asText(), b.path("ejections").asText(),
                    b.path("handoff").asBoolean() ? "handoff" : "relay", b.path("handoffs").asText(), age(b)});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
            }
            sb.append('\n');
        }
        if (rows.size() == 1) {
            sb.append("(no backends)\n");
        }
        return sb.toString();
    }

    /** Age of the last load report, "-" for relayed backends, "none" before the first report. */
    private static String age(JsonNode b) {
        if (!b.path("handoff").asBoolean()) {
            return "-";
        }
        long ms = b.path("reportAgeMs").asLong(-1);
        return ms < 0 ? "none" : ms + "ms";
    }

    public static void main(String[] args) {
        System.exit(ServiceProcess.commandLine(new StatusCommand()).execute(args));
    }
}
