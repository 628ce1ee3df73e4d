package dev.baton.load.tcp;

import java.util.Map;

/** An inline SVG line plot of p50, p99 and max latency for each second of a run. */
final class TimelineSvg {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 300;
    private static final int MARGIN = 50;

    private TimelineSvg() {}

    static String render(Map<Long, LatencyRecorder.Stats> timeline) {
        if (timeline.isEmpty()) {
            return "<p>(no samples)</p>";
        }
        long lastSecond = timeline.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        double maxMs = Math.max(0.001, timeline.values().stream().mapToLong(LatencyRecorder.Stats::maxMicros).max()
                .orElse(1) / 1000.0);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">", WIDTH, HEIGHT));
        svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                MARGIN, HEIGHT - MARGIN, WIDTH - 10, HEIGHT - MARGIN));
        svg.append(String.format("<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                MARGIN, MARGIN, HEIGHT - MARGIN));
        svg.append(String.format("<text x=\"5\" y=\"15\">%.2f ms</text><text x=\"5\" y=\"%d\">0</text>",
                maxMs, HEIGHT - MARGIN));
        svg.append(String.format("<text x=\"%d\" y=\"%d\">%d s</text>", WIDTH - 40, HEIGHT - MARGIN + 15, lastSecond));
        line(svg, timeline, lastSecond, maxMs, "#1f77b4", s -> s.p50Micros());
        line(svg, timeline, lastSecond, maxMs, "#d62728", s -> s.p99Micros());
        line(svg, timeline, lastSecond, maxMs, "#999999", s -> s.maxMicros());
        svg.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"#1f77b4\">p50</text>"
                        + "<text x=\"%d\" y=\"%d\" fill=\"#d62728\">p99</text><text x=\"%d\" y=\"%d\" fill=\"#999\">max</text>",
                MARGIN + 10, HEIGHT - 15, MARGIN + 50, HEIGHT - 15, MARGIN + 90, HEIGHT - 15));
        return svg.append("</svg>").toString();
    }

    private static void line(StringBuilder svg, Map<Long, LatencyRecorder.Stats> timeline, long lastSecond,
                             double maxMs, String colour, java.util.function.ToLongFunction<LatencyRecorder.Stats> value) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" points=\"");
        timeline.forEach((second, stats) -> {
            double x = MARGIN + (WIDTH - MARGIN - 10) * (lastSecond == 0 ? 0.5 : (double) second / lastSecond);
            double y = HEIGHT - MARGIN - (HEIGHT - MARGIN - 10) * (value.applyAsLong(stats) / 1000.0 / maxMs);
            svg.append(String.format("%.1f,%.1f ", x, y));
        });
        svg.append("\"/>");
    }
}
