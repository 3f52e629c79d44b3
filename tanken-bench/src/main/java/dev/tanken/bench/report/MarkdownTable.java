package dev.tanken.bench.report;

import java.util.ArrayList;
import java.util.List;

/** A GitHub-flavoured markdown table; cells are escaped so a value never breaks the row. */
final class MarkdownTable {
    private final List<String> header;
    private final List<Boolean> right;
    private final List<List<String>> rows = new ArrayList<>();

    /** Columns whose title starts with '>' are right-aligned (numbers). */
    MarkdownTable(List<String> columns) {
        header = columns.stream().map(c -> c.startsWith(">") ? c.substring(1) : c).toList();
        right = columns.stream().map(c -> c.startsWith(">")).toList();
    }

    MarkdownTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row of " + cells.size() + " cells for " + header.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void appendTo(StringBuilder out) {
        line(out, header);
        List<String> rule = new ArrayList<>();
        for (boolean r : right) {
            rule.add(r ? "---:" : "---");
        }
        out.append('|').append(String.join("|", rule)).append("|\n");
        rows.forEach(r -> line(out, r));
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append("| ");
        out.append(String.join(" | ", cells.stream().map(MarkdownTable::escape).toList()));
        out.append(" |\n");
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|").replace("\n", " ");
    }
}
