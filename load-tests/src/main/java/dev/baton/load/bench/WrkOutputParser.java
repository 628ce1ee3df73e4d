package dev.baton.load.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses wrk's text output, with the latency distribution that {@code --latency} prints. */
public final class WrkOutputParser {
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m)");
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TRANSFER = Pattern.compile("Transfer/sec:\\s+([0-9.]+)([KMGT]?B)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private WrkOutputParser() {}

    public static WrkResult parse(String output) {
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher m = PERCENTILE.matcher(output);
        while (m.find()) {
            double ms = toMillis(Double.parseDouble(m.group(2)), m.group(3));
            if (m.group(1).equals("50")) {
                p50 = ms;
            } else {
                p99 = ms;
            }
        }
        Matcher requests = find(REQUESTS, output, "the 'N requests in T' line");
        Matcher rps = find(RPS, output, "Requests/sec");
        if (Double.isNaN(p50) || Double.isNaN(p99)) {
            throw new BenchException("wrk output has no latency distribution (was --latency given?):\n" + output);
        }
        double bytesPerSec = 0;
        Matcher transfer = TRANSFER.matcher(output);
        if (transfer.find()) {
            bytesPerSec = Double.parseDouble(transfer.group(1)) * unit(transfer.group(2));
        }
        long socketErrors = 0;
        Matcher errors = SOCKET_ERRORS.matcher(output);
        if (errors.find()) {
            for (int i = 1; i <= 4; i++) {
                socketErrors += Long.parseLong(errors.group(i));
            }
        }
        Matcher non2xx = NON_2XX.matcher(output);
        return new WrkResult(Long.parseLong(requests.group(1)),
                toMillis(Double.parseDouble(requests.group(2)), requests.group(3)) / 1000,
                Double.parseDouble(rps.group(1)), p50, p99, bytesPerSec, socketErrors,
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0);
    }

    private static Matcher find(Pattern pattern, String output, String what) {
        Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw new BenchException("wrk output has no " + what + ":\n" + output);
        }
        return m;
    }

    static double toMillis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            case "m" -> value * 60_000;
            default -> throw new BenchException("unknown wrk time unit: '" + unit + "'");
        };
    }

    private static double unit(String unit) {
        return switch (unit) {
            case "KB" -> 1024.0;
            case "MB" -> 1024.0 * 1024;
            case "GB" -> 1024.0 * 1024 * 1024;
            case "TB" -> 1024.0 * 1024 * 1024 * 1024;
            default -> 1;
        };
    }
}
