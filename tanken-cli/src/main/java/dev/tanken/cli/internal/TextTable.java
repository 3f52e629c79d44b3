package dev.tanken.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with a header row, columns padded to their widest cell, measured in terminal
 * columns (East Asian wide characters take two). Cells are user text made safe for a terminal
 * ({@link Terminal#clean}). Given a terminal width, the widest text columns give way, cut with an
 * ellipsis, until a row fits.
 */
public final class TextTable {
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** Headers starting with '>' are right-aligned (the marker is not printed). */
    public TextTable(String... headers) {
        this.headers = new ArrayList<>();
        this.rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rightAligned[i] = headers[i].startsWith(">");
            this.headers.add(rightAligned[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    public TextTable add(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        List<String> safe = new ArrayList<>(cells.length);
        for (String cell : cells) {
            safe.add(Terminal.clean(cell == null ? "-" : cell.replaceAll("[\\n\\t]", " ")));
        }
        rows.add(safe);
        return this;
    }

    /** Prints every cell whole, however wide the rows get (for a pipe or a file). */
    public void print(PrintWriter out) {
        print(out, 0);
    }

    /** The table as CSV (RFC 4180): the header row, then every row, cells as the table holds them. */
    public void printCsv(PrintWriter out) {
        out.print(csvRow(headers));
        for (List<String> row : rows) {
            out.print(csvRow(row));
        }
    }

    private static String csvRow(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (i > 0) {
                line.append(',');
            }
            if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
                line.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                line.append(cell);
            }
        }
        return line.append("\r\n").toString();
    }

    /** A column that gives way keeps at least this many terminal columns. */
    private static final int MIN_SHRUNK = 8;

    /**
     * Prints the table within {@code maxColumns} terminal columns (0: no limit): while a row is too
     * wide, the widest left-aligned column loses a column. Numbers and the right-aligned columns
     * keep their width, as a cut number would be a wrong one.
     */
    public void print(PrintWriter out, int maxColumns) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(headers.get(i));
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        if (maxColumns > 0) {
            shrink(widths, maxColumns);
        }
        printRow(out, fitted(headers, widths), widths);
        for (List<String> row : rows) {
            printRow(out, fitted(row, widths), widths);
        }
    }

    private void shrink(int[] widths, int maxColumns) {
        while (total(widths) > maxColumns) {
            int widest = -1;
            for (int i = 0; i < widths.length; i++) {
                if (!rightAligned[i] && widths[i] > MIN_SHRUNK && (widest < 0 || widths[i] > widths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                return;
            }
            widths[widest]--;
        }
    }

    private static int total(int[] widths) {
        int sum = 2 * (widths.length - 1);
        for (int w : widths) {
            sum += w;
        }
        return sum;
    }

    private static List<String> fitted(List<String> cells, int[] widths) {
        List<String> out = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            out.add(width(cell) > widths[i] ? truncate(cell, widths[i]) : cell);
        }
        return out;
    }

    /**
     * When a photo was taken, always to the second ({@code 2024-05-01T09:00:00}, a local time as the
     * camera recorded it), with its UTC offset when the photo recorded one ({@code +09:00}).
     */
    public static String takenAt(dev.tanken.model.TakenAt t) {
        if (t == null) {
            return null;
        }
        String local = t.localDateTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .format(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        return t.offset() == null ? local : local + t.offset().getId().replace("Z", "+00:00");
    }

    /** A time for a table: to the second, in UTC, without the fraction an Instant prints. */
    public static String time(java.time.Instant instant) {
        return instant == null ? "-" : java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    private void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - width(cell));
            if (i > 0) {
                line.append("  ");
            }
            line.append(rightAligned[i] ? pad + cell : cell + (i == cells.size() - 1 ? "" : pad));
        }
        out.println(line);
    }

    /**
     * Terminal columns {@code s} takes: CJK and other East Asian wide characters take two (captions
     * and tags are often Japanese), combining marks none.
     */
    static int width(String s) {
        int columns = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            columns += width(cp);
            i += Character.charCount(cp);
        }
        return columns;
    }

    private static int width(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        boolean wide = (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0x303E)
                || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
        return wide ? 2 : 1;
    }

    /** Cuts {@code s} to at most {@code max} terminal columns, marking the cut with an ellipsis. */
    public static String truncate(String s, int max) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        if (width(oneLine) <= max) {
            return oneLine;
        }
        StringBuilder cut = new StringBuilder();
        int columns = 0;
        for (int i = 0; i < oneLine.length(); ) {
            int cp = oneLine.codePointAt(i);
            if (columns + width(cp) > max - 1) {
                break;
            }
            cut.appendCodePoint(cp);
            columns += width(cp);
            i += Character.charCount(cp);
        }
        return cut.append('…').toString();
    }
}
