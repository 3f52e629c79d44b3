package dev.tanken.map.internal;

import dev.tanken.StorageException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Coastlines and country borders from Natural Earth's 1:10m admin-0 countries (public domain),
 * bundled as {@code basemap.bin.gz} by {@code scripts/make-geodata.sh} (format described there).
 * Loaded once, on the first map. Its precision is about a kilometre: right for a region, coarse for
 * a neighbourhood.
 */
public final class Basemap {
    public static final String RESOURCE = "/dev/tanken/map/basemap.bin.gz";

    /** An arc: longitudes and latitudes in degrees; a coastline or a border between two countries. */
    public record Arc(double[] lon, double[] lat, boolean border) {
    }

    /** A country polygon: rings of arc references (TopoJSON: {@code ~i} is arc i reversed). */
    public record Polygon(int[][] rings) {
    }

    private final List<Arc> arcs;
    private final List<Polygon> polygons;

    private Basemap(List<Arc> arcs, List<Polygon> polygons) {
        this.arcs = arcs;
        this.polygons = polygons;
    }

    public static Basemap bundled() {
        return Holder.INSTANCE;
    }

    public List<Arc> arcs() {
        return arcs;
    }

    public List<Polygon> polygons() {
        return polygons;
    }

    /** The points of a ring, arcs joined (each arc after the first drops its shared first point). */
    public double[][] ring(int[] refs) {
        int n = 0;
        for (int ref : refs) {
            n += arcs.get(ref < 0 ? ~ref : ref).lon().length;
        }
        double[] lon = new double[n];
        double[] lat = new double[n];
        int k = 0;
        for (int ref : refs) {
            Arc arc = arcs.get(ref < 0 ? ~ref : ref);
            int len = arc.lon().length;
            for (int j = 0; j < len; j++) {
                int i = ref < 0 ? len - 1 - j : j;
                if (j == 0 && k > 0) {
                    continue;
                }
                lon[k] = arc.lon()[i];
                lat[k] = arc.lat()[i];
                k++;
            }
        }
        return new double[][] {java.util.Arrays.copyOf(lon, k), java.util.Arrays.copyOf(lat, k)};
    }

    static Basemap read(InputStream gzipped) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(gzipped), 1 << 16));
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("TKBM") || in.readInt() != 1) {
            throw new IOException("not a version 1 Tanken basemap");
        }
        double scaleX = in.readDouble();
        double scaleY = in.readDouble();
        double translateX = in.readDouble();
        double translateY = in.readDouble();
        int arcCount = uvarint(in);
        List<Arc> arcs = new ArrayList<>(arcCount);
        for (int a = 0; a < arcCount; a++) {
            boolean border = in.readUnsignedByte() == 1;
            int n = uvarint(in);
            double[] lon = new double[n];
            double[] lat = new double[n];
            long x = 0;
            long y = 0;
            for (int i = 0; i < n; i++) {
                x += zigzag(in);
                y += zigzag(in);
                lon[i] = x * scaleX + translateX;
                lat[i] = y * scaleY + translateY;
            }
            arcs.add(new Arc(lon, lat, border));
        }
        int polygonCount = uvarint(in);
        List<Polygon> polygons = new ArrayList<>(polygonCount);
        for (int p = 0; p < polygonCount; p++) {
            int[][] rings = new int[uvarint(in)][];
            for (int r = 0; r < rings.length; r++) {
                rings[r] = new int[uvarint(in)];
                for (int i = 0; i < rings[r].length; i++) {
                    rings[r][i] = (int) zigzag(in);
                }
            }
            polygons.add(new Polygon(rings));
        }
        return new Basemap(List.copyOf(arcs), List.copyOf(polygons));
    }

    private static int uvarint(DataInputStream in) throws IOException {
        long v = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            v |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return Math.toIntExact(v);
    }

    private static long zigzag(DataInputStream in) throws IOException {
        long v = uvarint(in);
        return (v >>> 1) ^ -(v & 1);
    }

    private static final class Holder {
        static final Basemap INSTANCE = load();

        private static Basemap load() {
            InputStream in = Basemap.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new StorageException("the basemap " + RESOURCE + " is missing from the classpath");
            }
            try (in) {
                return read(in);
            } catch (IOException e) {
                throw new StorageException("cannot read the basemap " + RESOURCE + ": " + e.getMessage(), e);
            }
        }
    }
}
