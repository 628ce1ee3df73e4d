package dev.baton.load.bench;

import java.util.List;

/** A grouped bar chart of requests/s per workload, one bar per row, as standalone SVG. */
final class BarChartSvg {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f"};
    private static final int GROUP_WIDTH = 220;
    private static final int HEIGHT = 320;
    private static final int TOP = 30;
    private static final int BOTTOM = 60;

    private BarChartSvg() {}

    static String render(String title, ResultTable table) {
        List<String> workloads = table.workloads();
        List<String> rows = table.rows();
        int width = 60 + GROUP_WIDTH * Math.max(1, workloads.size());
        int legendHeight = 16 * rows.size();
        StringBuilder svg = new StringBuilder(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"11\"><text x=\"10\" y=\"18\" font-size=\"14\">%s (requests/s, each workload "
                        + "scaled to its best row)</text>", width, HEIGHT + legendHeight, escape(title)));
        double barWidth = (GROUP_WIDTH - 30.0) / Math.max(1, rows.size());
        int plotHeight = HEIGHT - TOP - BOTTOM;
        for (int w = 0; w < workloads.size(); w++) {
            String workload = workloads.get(w);
            double best = rows.stream().map(r -> table.cell(workload, r)).filter(c -> c != null && c.failure() == null)
                    .mapToDouble(ResultTable.Cell::requestsPerSec).max().orElse(1);
            double x0 = 50 + w * GROUP_WIDTH;
            for (int r = 0; r < rows.size(); r++) {
                ResultTable.Cell cell = table.cell(workload, rows.get(r));
                double x = x0 + r * barWidth;
                if (cell == null || cell.failure() != null) {
                    svg.append(String.format("<text x=\"%.1f\" y=\"%d\" fill=\"#b00\">x</text>", x + 2, TOP + plotHeight - 2));
                    continue;
                }
                double h = plotHeight * cell.requestsPerSec() / best;
                svg.append(String.format("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s %s: %.0f req/s</title></rect>", x, TOP + plotHeight - h, barWidth - 2, h,
                        COLOURS[r % COLOURS.length], escape(rows.get(r)), escape(workload), cell.requestsPerSec()));
                svg.append(String.format("<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\">%.0f</text>", x,
                        TOP + plotHeight - h - 2, cell.requestsPerSec()));
            }
            svg.append(String.format("<text x=\"%.1f\" y=\"%d\">%s</text>", x0, TOP + plotHeight + 16, escape(workload)));
        }
        for (int r = 0; r < rows.size(); r++) {
            int y = HEIGHT - BOTTOM + 36 + 16 * r;
            svg.append(String.format("<rect x=\"50\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"66\" y=\"%d\">%s</text>", y - 9, COLOURS[r % COLOURS.length], y, escape(rows.get(r))));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
