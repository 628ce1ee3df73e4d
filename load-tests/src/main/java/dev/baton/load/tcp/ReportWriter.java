package dev.baton.load.tcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a run's report as {@code report.json} and {@code index.html} (with an inline SVG latency plot). */
public final class ReportWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    /** Writes both files into {@code dir} (created if missing) and returns the HTML page's path. */
    public static Path write(Path dir, LoadResult result, List<Assertion.Outcome> outcomes) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), MAPPER.writeValueAsString(json(result, outcomes)));
        Path html = dir.resolve("index.html");
        Files.writeString(html, html(result, outcomes));
        return html;
    }

    static ObjectNode json(LoadResult result, List<Assertion.Outcome> outcomes) {
        LatencyRecorder.Snapshot m = result.measured();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scenario", result.scenario());
        root.put("target", result.target().toString());
        root.put("scheduledUsers", result.scheduled());
        root.put("droppedUsers", result.dropped());
        root.put("unfinishedUsers", result.unfinished());
        root.put("elapsedSeconds", result.elapsed().toMillis() / 1000.0);
        root.put("stepsPerSecond", result.throughput());
        root.put("sends", m.sends());
        root.put("lateSends", m.lateSends());
        root.put("errorPercent", result.errorPercent());
        root.set("overall", stats(m.overall()));
        ObjectNode steps = root.putObject("steps");
        m.steps().forEach((name, s) -> steps.set(name, stats(s)));
        ArrayNode timeline = root.putArray("timeline");
        m.timeline().forEach((second, s) -> timeline.add(stats(s).put("second", second)));
        ObjectNode errors = root.putObject("errors");
        m.errorKinds().forEach(errors::put);
        ArrayNode asserts = root.putArray("assertions");
        outcomes.forEach(o -> asserts.addObject().put("assertion", o.description()).put("passed", o.passed())
                .put("actual", o.actual()));
        return root;
    }

    private static ObjectNode stats(LatencyRecorder.Stats s) {
        return MAPPER.createObjectNode().put("count", s.count()).put("errors", s.errors())
                .put("meanMs", s.meanMicros() / 1000.0).put("p50Ms", s.p50Micros() / 1000.0)
                .put("p90Ms", s.p90Micros() / 1000.0).put("p99Ms", s.p99Micros() / 1000.0)
                .put("p999Ms", s.p999Micros() / 1000.0).put("maxMs", s.maxMicros() / 1000.0);
    }

    static String html(LoadResult result, List<Assertion.Outcome> outcomes) {
        LatencyRecorder.Snapshot m = result.measured();
        StringBuilder page = new StringBuilder();
        page.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(result.scenario())).append(" against ").append(result.target())
                .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}.fail{color:#b00}.pass{color:#070}"
                        + "</style></head><body>");
        page.append("<h1>").append(escape(result.scenario())).append(" &rarr; ").append(result.target()).append("</h1>");
        page.append(String.format("<p>%d users scheduled, %d dropped, %d unfinished; %.1f s; %.1f steps/s; "
                        + "%d of %d sends late; latency measured from the intended send time.</p>",
                result.scheduled(), result.dropped(), result.unfinished(), result.elapsed().toMillis() / 1000.0,
                result.throughput(), m.lateSends(), m.sends()));
        page.append("<h2>Assertions</h2><ul>");
        for (Assertion.Outcome o : outcomes) {
            page.append("<li class=\"").append(o.passed() ? "pass\">PASS " : "fail\">FAIL ")
                    .append(escape(o.description())).append(": ").append(escape(o.actual())).append("</li>");
        }
        page.append("</ul><h2>Latency over time (ms)</h2>").append(TimelineSvg.render(m.timeline()));
        page.append("<h2>Steps</h2><table><tr><th>step</th><th>count</th><th>errors</th><th>p50 ms</th>"
                + "<th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>");
        statsRow(page, "all", m.overall());
        m.steps().forEach((name, s) -> statsRow(page, name, s));
        page.append("</table>");
        if (!m.errorKinds().isEmpty()) {
            page.append("<h2>Errors</h2><table><tr><th>kind</th><th>count</th></tr>");
            for (Map.Entry<String, Long> e : m.errorKinds().entrySet()) {
                page.append("<tr><td style=\"text-align:left\">").append(escape(e.getKey())).append("</td><td>")
                        .append(e.getValue()).append("</td></tr>");
            }
            page.append("</table>");
        }
        return page.append("</body></html>\n").toString();
    }

    private static void statsRow(StringBuilder page, String name, LatencyRecorder.Stats s) {
        page.append(String.format("<tr><td style=\"text-align:left\">%s</td><td>%d</td><td>%d</td><td>%.3f</td>"
                        + "<td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>",
                escape(name), s.count(), s.errors(), s.p50Micros() / 1000.0, s.p90Micros() / 1000.0,
                s.p99Micros() / 1000.0, s.p999Micros() / 1000.0, s.maxMicros() / 1000.0));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
