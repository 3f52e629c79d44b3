package dev.tanken.map.internal;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a map's texts go so that none covers another or a hotspot's disc: a label goes to the first
 * free place around its disc (right, left, above, below, then the diagonals, then further out), best
 * hotspot first; a label with no free place is left out (the SVG disc's tooltip and the HTML table
 * still name it). Text is measured with the same font the PNG is drawn with, plus a margin for the
 * fonts an SVG viewer may pick instead.
 */
public final class MapLayout {
    /** An axis-aligned box in picture pixels. */
    public record Box(double left, double top, double right, double bottom) {
        public Box {
            if (!(left <= right && top <= bottom)) {
                throw new IllegalArgumentException("not a box: " + left + "," + top + " " + right + "," + bottom);
            }
        }

        public boolean intersects(Box o) {
            return left < o.right && o.left < right && top < o.bottom && o.top < bottom;
        }

        public boolean intersects(Disc d) {
            double nx = Math.max(left, Math.min(d.x(), right));
            double ny = Math.max(top, Math.min(d.y(), bottom));
            double dx = d.x() - nx;
            double dy = d.y() - ny;
            return dx * dx + dy * dy < d.r() * d.r();
        }

        public boolean within(double width, double height) {
            return left >= 0 && top >= 0 && right <= width && bottom <= height;
        }

        public double width() {
            return right - left;
        }
    }

    /** A hotspot's disc. */
    public record Disc(double x, double y, double r) {
    }

    /** A placed text: drawn at ({@code x}, {@code baseline}) with {@code anchor}; {@code box} is what it covers. */
    public record Label(String text, double x, double baseline, String anchor, Box box) {
    }

    private static final FontRenderContext FONTS = new FontRenderContext(new AffineTransform(), true, true);
    /** Room for the halo and for a viewer's sans-serif being wider than the one measured. */
    private static final double SLACK = 1.12;
    private static final double PAD = 3;

    private final double width;
    private final double height;
    private final List<Disc> discs;
    private final List<Box> taken = new ArrayList<>();

    public MapLayout(double width, double height, List<Disc> discs) {
        this.width = width;
        this.height = height;
        this.discs = List.copyOf(discs);
    }

    /** Marks a box as covered (title, attribution, scale bar, legend). */
    public void reserve(Box box) {
        taken.add(box);
    }

    public List<Box> reserved() {
        return List.copyOf(taken);
    }

    /** The box a text covers when drawn at (x, baseline) with this anchor. */
    public static Box textBox(String text, double size, boolean bold, double x, double baseline, String anchor) {
        double w = textWidth(text, size, bold);
        double left = switch (anchor) {
            case "middle" -> x - w / 2;
            case "end" -> x - w;
            default -> x;
        };
        return new Box(left - PAD / 2, baseline - size * 0.95 - PAD / 2, left + w + PAD / 2, baseline + size * 0.3 + PAD / 2);
    }

    public static double textWidth(String text, double size, boolean bold) {
        if (text.isEmpty()) {
            return 0;
        }
        Font font = new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, (int) Math.round(size));
        return new TextLayout(text, font, FONTS).getAdvance() * SLACK;
    }

    /** Whether a box is inside the picture and clear of every disc and every box taken so far. */
    public boolean free(Box box) {
        if (!box.within(width, height)) {
            return false;
        }
        for (Box t : taken) {
            if (t.intersects(box)) {
                return false;
            }
        }
        for (Disc d : discs) {
            if (box.intersects(new Disc(d.x(), d.y(), d.r() + 1))) {
                return false;
            }
        }
        return true;
    }

    /** Places a label beside {@code disc}, or returns null when no place around it is free. */
    public Label placeBeside(Disc disc, String text, double size) {
        double w = textWidth(text, size, false);
        for (double gap : new double[] {4, 10, 20, 34}) {
            double r = disc.r() + gap;
            double d = r / Math.sqrt(2);
            double mid = size * 0.33; // baseline offset that centres a line on a point
            double[][] candidates = {
                {disc.x() + r, disc.y() + mid, 0},            // right, start-anchored
                {disc.x() - r, disc.y() + mid, 2},            // left, end-anchored
                {disc.x(), disc.y() - r - size * 0.35, 1},    // above, centred
                {disc.x(), disc.y() + r + size * 0.95, 1},    // below, centred
                {disc.x() + d, disc.y() - d, 0},              // upper right
                {disc.x() - d, disc.y() - d, 2},              // upper left
                {disc.x() + d, disc.y() + d + size * 0.9, 0}, // lower right
                {disc.x() - d, disc.y() + d + size * 0.9, 2}, // lower left
            };
            for (double[] c : candidates) {
                String anchor = c[2] == 0 ? "start" : c[2] == 1 ? "middle" : "end";
                Box box = textBox(text, size, false, c[0], c[1], anchor);
                if (w > 0 && free(box)) {
                    taken.add(box);
                    return new Label(text, c[0], c[1], anchor, box);
                }
            }
        }
        return null;
    }

    /**
     * The first of the given corners where a box of this size is free, else the one covering the
     * fewest discs; the box is then taken.
     */
    public Box placeBox(double w, double h, double margin, double bottomReserve, double topReserve) {
        List<Box> corners = List.of(
                new Box(width - margin - w, height - bottomReserve - h, width - margin, height - bottomReserve),
                new Box(width - margin - w, topReserve, width - margin, topReserve + h),
                new Box(margin, topReserve, margin + w, topReserve + h),
                new Box(margin, height - bottomReserve - h, margin + w, height - bottomReserve));
        Box best = null;
        long fewest = Long.MAX_VALUE;
        for (Box corner : corners) {
            if (free(corner)) {
                best = corner;
                break;
            }
            long covered = discs.stream().filter(corner::intersects).count()
                    + taken.stream().filter(corner::intersects).count();
            if (covered < fewest) {
                fewest = covered;
                best = corner;
            }
        }
        taken.add(best);
        return best;
    }
}
