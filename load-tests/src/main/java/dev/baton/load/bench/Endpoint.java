package dev.baton.load.bench;

/**
 * A row's way in: a base URL and the process whose CPU time is charged per request (a balancer), or why the
 * row could not be set up.
 *
 * @param row     the row's name
 * @param baseUrl {@code http://127.0.0.1:PORT}, or null when failed
 * @param cpuPid  pid whose CPU per request is reported, or 0 for none
 * @param failure why the row is missing, or null
 */
public record Endpoint(String row, String baseUrl, long cpuPid, String failure) {

    public static Endpoint of(String row, int port, long cpuPid) {
        return new Endpoint(row, "http://127.0.0.1:" + port, cpuPid, null);
    }

    public static Endpoint failed(String row, RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int cut = message.indexOf("; last lines");
        return new Endpoint(row, null, 0, cut > 0 ? message.substring(0, cut) : message);
    }
}
