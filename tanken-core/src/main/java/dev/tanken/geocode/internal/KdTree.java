package dev.tanken.geocode.internal;

import java.util.function.IntConsumer;

/**
 * A static, balanced k-d tree over 3-D unit vectors. Euclidean (chord) distance between unit vectors
 * grows with great-circle distance (see {@link dev.tanken.geo.SphericalGeometry}), so a chord search
 * here is a great-circle search with no special case at the antimeridian or the poles.
 *
 * <p>The tree is implicit: the points are permuted so that the median of every range splits it,
 * the splitting axis cycles with depth. No node objects, three double arrays and an index array.
 */
public final class KdTree {
    private final double[][] axes; // axes[a][i]: coordinate a of the i-th point in tree order
    private final int[] ids; // ids[i]: the caller's index of the i-th point in tree order

    /** Builds the tree over {@code vectors[i] = {x, y, z}}; result ids are indices into it. */
    public KdTree(double[][] vectors) {
        int n = vectors.length;
        axes = new double[3][n];
        ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            for (int a = 0; a < 3; a++) {
                axes[a][i] = vectors[i][a];
            }
        }
        build(0, n, 0);
    }

    public int size() {
        return ids.length;
    }

    /** Calls {@code sink} with the id of every point within {@code maxChord} of {@code q} (inclusive). */
    public void within(double[] q, double maxChord, IntConsumer sink) {
        within(q, maxChord * maxChord, maxChord, 0, ids.length, 0, sink);
    }

    /** The id of the point nearest to {@code q} within {@code maxChord}, or -1 when there is none. */
    public int nearest(double[] q, double maxChord) {
        double[] best = {maxChord * maxChord, -1};
        nearest(q, 0, ids.length, 0, best);
        return (int) best[1];
    }

    private void build(int lo, int hi, int axis) {
        if (hi - lo <= 1) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        select(lo, hi - 1, mid, axes[axis]);
        int next = (axis + 1) % 3;
        build(lo, mid, next);
        build(mid + 1, hi, next);
    }

    /** Quickselect: puts the k-th smallest of {@code key[lo..hi]} at k, smaller left, larger right. */
    private void select(int lo, int hi, int k, double[] key) {
        while (hi > lo) {
            double pivot = key[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (key[i] < pivot) {
                    i++;
                }
                while (key[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(i++, j--);
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private void swap(int i, int j) {
        for (double[] axis : axes) {
            double t = axis[i];
            axis[i] = axis[j];
            axis[j] = t;
        }
        int t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
    }

    private double squaredDistance(double[] q, int i) {
        double dx = axes[0][i] - q[0];
        double dy = axes[1][i] - q[1];
        double dz = axes[2][i] - q[2];
        return dx * dx + dy * dy + dz * dz;
    }

    private void within(double[] q, double max2, double max, int lo, int hi, int axis, IntConsumer sink) {
        if (hi <= lo) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        if (squaredDistance(q, mid) <= max2) {
            sink.accept(ids[mid]);
        }
        double delta = q[axis] - axes[axis][mid];
        int next = (axis + 1) % 3;
        if (delta <= max) {
            within(q, max2, max, lo, mid, next, sink);
        }
        if (delta >= -max) {
            within(q, max2, max, mid + 1, hi, next, sink);
        }
    }

    private void nearest(double[] q, int lo, int hi, int axis, double[] best) {
        if (hi <= lo) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        double d2 = squaredDistance(q, mid);
        if (d2 < best[0] || (d2 == best[0] && (best[1] < 0 || ids[mid] < best[1]))) {
            // Exact ties go to the lower id, so the answer does not depend on the tree's layout.
            best[0] = d2;
            best[1] = ids[mid];
        }
        double delta = q[axis] - axes[axis][mid];
        int next = (axis + 1) % 3;
        boolean leftFirst = delta <= 0;
        nearest(q, leftFirst ? lo : mid + 1, leftFirst ? mid : hi, next, best);
        if (delta * delta <= best[0]) {
            nearest(q, leftFirst ? mid + 1 : lo, leftFirst ? hi : mid, next, best);
        }
    }
}
