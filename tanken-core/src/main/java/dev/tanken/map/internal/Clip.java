package dev.tanken.map.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Clipping to a rectangle, so that an SVG of a city does not carry the 100 000 points of a continent's
 * outline: Sutherland–Hodgman for filled rings (exact for a convex clip window; the edges it adds
 * run along the window's border, outside the visible area once the window has a margin), and a run
 * splitter for lines.
 */
public final class Clip {
    private final double minX;
    private final double minY;
    private final double maxX;
    private final double maxY;

    public Clip(double minX, double minY, double maxX, double maxY) {
        this.minX = minX;
        this.minY = minY;
        this.maxX = maxX;
        this.maxY = maxY;
    }

    /** The ring clipped to the window, as {x0, y0, x1, y1, ...}; empty when nothing is inside. */
    public double[] ring(double[] xs, double[] ys) {
        double[] pts = new double[xs.length * 2];
        for (int i = 0; i < xs.length; i++) {
            pts[2 * i] = xs[i];
            pts[2 * i + 1] = ys[i];
        }
        for (int edge = 0; edge < 4 && pts.length > 0; edge++) {
            pts = clipEdge(pts, edge);
        }
        return pts;
    }

    private boolean inside(double x, double y, int edge) {
        return switch (edge) {
            case 0 -> x >= minX;
            case 1 -> x <= maxX;
            case 2 -> y >= minY;
            default -> y <= maxY;
        };
    }

    private double[] intersect(double x1, double y1, double x2, double y2, int edge) {
        double t = switch (edge) {
            case 0 -> (minX - x1) / (x2 - x1);
            case 1 -> (maxX - x1) / (x2 - x1);
            case 2 -> (minY - y1) / (y2 - y1);
            default -> (maxY - y1) / (y2 - y1);
        };
        return new double[] {x1 + t * (x2 - x1), y1 + t * (y2 - y1)};
    }

    private double[] clipEdge(double[] pts, int edge) {
        int n = pts.length / 2;
        double[] out = new double[pts.length * 2 + 4];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double x1 = pts[2 * ((i + n - 1) % n)];
            double y1 = pts[2 * ((i + n - 1) % n) + 1];
            double x2 = pts[2 * i];
            double y2 = pts[2 * i + 1];
            boolean in1 = inside(x1, y1, edge);
            boolean in2 = inside(x2, y2, edge);
            if (in2) {
                if (!in1) {
                    double[] p = intersect(x1, y1, x2, y2, edge);
                    out[k++] = p[0];
                    out[k++] = p[1];
                }
                out[k++] = x2;
                out[k++] = y2;
            } else if (in1) {
                double[] p = intersect(x1, y1, x2, y2, edge);
                out[k++] = p[0];
                out[k++] = p[1];
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /** The parts of a line that may be visible: runs of segments whose bounding box meets the window. */
    public List<double[]> line(double[] xs, double[] ys) {
        List<double[]> runs = new ArrayList<>();
        double[] run = new double[xs.length * 2];
        int k = 0;
        for (int i = 1; i < xs.length; i++) {
            boolean visible = Math.max(xs[i - 1], xs[i]) >= minX && Math.min(xs[i - 1], xs[i]) <= maxX
                    && Math.max(ys[i - 1], ys[i]) >= minY && Math.min(ys[i - 1], ys[i]) <= maxY;
            if (visible) {
                if (k == 0) {
                    run[k++] = xs[i - 1];
                    run[k++] = ys[i - 1];
                }
                run[k++] = xs[i];
                run[k++] = ys[i];
            } else if (k > 0) {
                runs.add(java.util.Arrays.copyOf(run, k));
                k = 0;
            }
        }
        if (k > 0) {
            runs.add(java.util.Arrays.copyOf(run, k));
        }
        return runs;
    }
}
