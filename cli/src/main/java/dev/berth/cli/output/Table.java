package dev.berth.cli.output;

import java.util.ArrayList;
import java.util.List;

/** An {@code incus list}-style ASCII table: boxed, centred headers, left-aligned cells. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    public Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size());
        }
        rows.add(cells.stream().map(c -> c == null ? "" : c).toList());
        return this;
    }

    public String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        String rule = rule(widths);
        out.append(rule);
        line(out, headers, widths, true);
        out.append(rule);
        for (List<String> row : rows) {
            line(out, row, widths, false);
        }
        if (!rows.isEmpty()) {
            out.append(rule);
        }
        return out.toString();
    }

    private static String rule(int[] widths) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : widths) {
            sb.append("-".repeat(w + 2)).append('+');
        }
        return sb.append('\n').toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths, boolean centre) {
        out.append('|');
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i);
            int pad = widths[i] - cell.length();
            int left = centre ? pad / 2 : 0;
            out.append(' ').append(" ".repeat(left)).append(cell).append(" ".repeat(pad - left)).append(" |");
        }
        out.append('\n');
    }
}
