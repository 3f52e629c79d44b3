package dev.tanken.discover.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups points on a local plane into clusters by hill climbing on a grid: points are binned into
 * square cells, every occupied cell points to the heaviest cell of its 3×3 neighbourhood (itself
 * included; ties go to the smaller cell key), and cells that climb to the same peak form one
 * cluster. A spot cut by a cell boundary is joined again, two spots with a quieter cell between them
 * stay apart, and a dense downtown does not chain into one blob the way single-linkage density
 * clustering (DBSCAN) does. Linear in the number of points.
 */
public final class GridClusters {
    private GridClusters() {
    }

    /** Cell weight from the indices of the points in it. */
    public interface CellWeight {
        double of(List<Integer> pointsInCell);
    }

    /** Clusters as lists of point indices; points are {@code (x[i], y[i])} in metres. */
    public static List<List<Integer>> cluster(double[] x, double[] y, double cellMeters, CellWeight weight) {
        Map<Long, List<Integer>> cells = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            long key = key((int) Math.floor(x[i] / cellMeters), (int) Math.floor(y[i] / cellMeters));
            cells.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        Map<Long, Double> weights = new HashMap<>();
        cells.forEach((key, points) -> weights.put(key, weight.of(points)));

        Map<Long, Long> uphill = new HashMap<>();
        for (long key : cells.keySet()) {
            int cx = (int) (key >> 32);
            int cy = (int) key;
            long best = key;
            double bestWeight = weights.get(key);
            for (int dx = -1; dx <= 1; dx++) {
                for (int dy = -1; dy <= 1; dy++) {
                    long n = key(cx + dx, cy + dy);
                    Double w = weights.get(n);
                    if (w != null && (w > bestWeight || (w == bestWeight && n < best))) {
                        best = n;
                        bestWeight = w;
                    }
                }
            }
            uphill.put(key, best);
        }

        Map<Long, List<Integer>> byPeak = new LinkedHashMap<>();
        for (Map.Entry<Long, List<Integer>> cell : cells.entrySet()) {
            long peak = cell.getKey();
            // Each step goes to a strictly heavier (or equal and smaller-keyed) cell: no cycles.
            for (long next = uphill.get(peak); next != peak; next = uphill.get(peak)) {
                peak = next;
            }
            byPeak.computeIfAbsent(peak, k -> new ArrayList<>()).addAll(cell.getValue());
        }
        return new ArrayList<>(byPeak.values());
    }

    private static long key(int cx, int cy) {
        return ((long) cx << 32) | (cy & 0xffffffffL);
    }
}
