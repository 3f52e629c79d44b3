package dev.tanken.ingest.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks the ISO-BMFF box structure of a HEIF file and reads what describes the primary image.
 * Top-level box sizes must add up to the file length (a cut file fails here), every item extent in
 * {@code iloc} must lie inside the file, and the primary item's {@code ispe}, {@code irot} and
 * {@code imir} properties give its stored size and display orientation.
 */
final class HeifScan extends ContainerScan {

    HeifScan(byte[] data, long maxPixels) {
        super(data, maxPixels);
    }

    private record Box(String type, int start, int payload, int end) {
    }

    @Override
    public void scan() throws MalformedImageException {
        // A cut file usually loses its trailing 'mdat' while 'meta' survives: read the declared size
        // from 'meta' before reporting the cut, so a huge declared size is what gets reported.
        List<Box> top = new ArrayList<>();
        MalformedImageException cut = null;
        try {
            children(0, data.length, "file", top);
        } catch (MalformedImageException e) {
            cut = e;
        }
        if (top.isEmpty() || !top.get(0).type().equals("ftyp")) {
            throw cut != null ? cut : new MalformedImageException("first box is not 'ftyp'");
        }
        Box meta;
        try {
            meta = only(top, "meta", "file");
        } catch (MalformedImageException e) {
            throw cut != null ? cut : e;
        }
        List<Box> metaChildren = children(fullBoxPayload(meta), meta.end(), "'meta' box");
        long primary = primaryItem(only(metaChildren, "pitm", "'meta' box"));
        Box iprp = only(metaChildren, "iprp", "'meta' box");
        List<Box> iprpChildren = children(iprp.payload(), iprp.end(), "'iprp' box");
        Box ipco = only(iprpChildren, "ipco", "'iprp' box");
        List<Box> properties = children(ipco.payload(), ipco.end(), "'ipco' box");
        List<Box> primaryProperties = new ArrayList<>();
        for (Box box : iprpChildren) {
            if (box.type().equals("ipma")) {
                collectAssociations(box, primary, properties, primaryProperties);
            }
        }
        readPrimaryProperties(primaryProperties);
        if (cut != null) {
            throw cut;
        }
        for (Box box : metaChildren) {
            if (box.type().equals("iloc")) {
                checkItemLocations(box);
            }
        }
    }

    private List<Box> children(int start, int end, String parent) throws MalformedImageException {
        List<Box> boxes = new ArrayList<>();
        children(start, end, parent, boxes);
        return boxes;
    }

    /** Adds the boxes that tile [start, end) to {@code boxes}, up to the first one that does not fit. */
    private void children(int start, int end, String parent, List<Box> boxes) throws MalformedImageException {
        int pos = start;
        while (pos < end) {
            if (pos + 8 > end) {
                throw new MalformedImageException(parent + " ends inside a box header at offset " + pos);
            }
            long size = u32be(pos);
            String type = fourCc(pos + 4);
            int header = 8;
            if (size == 1) {
                if (pos + 16 > end) {
                    throw new MalformedImageException(parent + " ends inside a box header at offset " + pos);
                }
                long high = u32be(pos + 8);
                size = high > Integer.MAX_VALUE ? Long.MAX_VALUE : (high << 32) | u32be(pos + 12);
                header = 16;
            } else if (size == 0) {
                size = end - pos; // the box extends to the end of its parent
            }
            if (type.equals("uuid")) {
                header += 16;
            }
            if (size < header) {
                throw new MalformedImageException("box '" + type + "' at offset " + pos + " has invalid size " + size);
            }
            if (pos + size > end) {
                throw new MalformedImageException("box '" + type + "' at offset " + pos + " declares " + size
                        + " bytes but only " + (end - pos) + " remain in the " + parent);
            }
            boxes.add(new Box(type, pos, pos + header, (int) (pos + size)));
            pos += (int) size;
        }
    }

    private static Box only(List<Box> boxes, String type, String parent) throws MalformedImageException {
        Box found = null;
        for (Box box : boxes) {
            if (box.type().equals(type)) {
                if (found != null) {
                    throw new MalformedImageException("more than one '" + type + "' box in the " + parent);
                }
                found = box;
            }
        }
        if (found == null) {
            throw new MalformedImageException("no '" + type + "' box in the " + parent);
        }
        return found;
    }

    private int fullBoxPayload(Box box) throws MalformedImageException {
        if (box.payload() + 4 > box.end()) {
            throw new MalformedImageException("'" + box.type() + "' box is too short");
        }
        return box.payload() + 4;
    }

    private long primaryItem(Box pitm) throws MalformedImageException {
        Cursor c = new Cursor(pitm);
        int version = c.u8();
        c.skip(3);
        return version == 0 ? c.u16() : c.u32();
    }

    private void collectAssociations(Box ipma, long primary, List<Box> properties, List<Box> out)
            throws MalformedImageException {
        Cursor c = new Cursor(ipma);
        int version = c.u8();
        int flags = (c.u8() << 16) | (c.u8() << 8) | c.u8();
        long entries = c.u32();
        for (long i = 0; i < entries; i++) {
            long item = version < 1 ? c.u16() : c.u32();
            int count = c.u8();
            for (int j = 0; j < count; j++) {
                int index = (flags & 1) != 0 ? c.u16() & 0x7FFF : c.u8() & 0x7F;
                if (index == 0 || item != primary) {
                    continue;
                }
                if (index > properties.size()) {
                    throw new MalformedImageException("item " + item + " refers to property " + index + " of only "
                            + properties.size());
                }
                out.add(properties.get(index - 1));
            }
        }
    }

    /** Applies the transformative properties in association order, as HEIF readers do. */
    private void readPrimaryProperties(List<Box> properties) throws MalformedImageException {
        boolean sized = false;
        boolean transformed = false;
        boolean flipped = false;
        int clockwiseQuarterTurns = 0;
        for (Box p : properties) {
            switch (p.type()) {
                case "ispe" -> {
                    Cursor c = new Cursor(p);
                    c.skip(4);
                    dimensions(c.u32(), c.u32());
                    sized = true;
                }
                case "irot" -> {
                    int anticlockwise = new Cursor(p).u8() & 3;
                    clockwiseQuarterTurns += 4 - anticlockwise;
                    transformed = true;
                }
                case "imir" -> {
                    // Mirroring after a rotation by r equals rotating by -r after the mirror.
                    boolean horizontalAxis = (new Cursor(p).u8() & 1) == 1;
                    clockwiseQuarterTurns = (horizontalAxis ? 2 : 0) - clockwiseQuarterTurns;
                    flipped = !flipped;
                    transformed = true;
                }
                default -> {
                }
            }
        }
        if (!sized) {
            throw new MalformedImageException("the primary image has no size ('ispe') property");
        }
        if (transformed) {
            containerOrientation(exifOrientation(flipped, Math.floorMod(clockwiseQuarterTurns, 4)));
        }
    }

    /** EXIF code for "mirror left-right if {@code flipped}, then turn clockwise {@code turns} times". */
    private static int exifOrientation(boolean flipped, int turns) {
        int[] plain = {1, 6, 3, 8};
        int[] mirrored = {2, 7, 4, 5};
        return flipped ? mirrored[turns] : plain[turns];
    }

    /** Every extent stored at a file offset must lie inside the file; a cut file fails here. */
    private void checkItemLocations(Box iloc) throws MalformedImageException {
        Cursor c = new Cursor(iloc);
        int version = c.u8();
        c.skip(3);
        int sizes = c.u8();
        int offsetSize = sizes >> 4;
        int lengthSize = sizes & 0xF;
        int sizes2 = c.u8();
        int baseOffsetSize = sizes2 >> 4;
        int indexSize = version >= 1 ? sizes2 & 0xF : 0;
        long items = version < 2 ? c.u16() : c.u32();
        for (long i = 0; i < items; i++) {
            long item = version < 2 ? c.u16() : c.u32();
            int construction = version >= 1 ? c.u16() & 0xF : 0;
            c.skip(2); // data reference index
            long base = c.sized(baseOffsetSize);
            int extents = c.u16();
            for (int e = 0; e < extents; e++) {
                c.sized(indexSize);
                long offset = c.sized(offsetSize);
                long length = c.sized(lengthSize);
                if (construction == 0 && base + offset + length > data.length) {
                    throw new MalformedImageException("item " + item + " is stored at bytes " + (base + offset)
                            + ".." + (base + offset + length) + " but the file has only " + data.length);
                }
            }
        }
    }

    /** Bounds-checked reads inside one box. */
    private final class Cursor {
        private final Box box;
        private int pos;

        Cursor(Box box) {
            this.box = box;
            this.pos = box.payload();
        }

        private void need(int count) throws MalformedImageException {
            if (pos + count > box.end()) {
                throw new MalformedImageException("'" + box.type() + "' box at offset " + box.start() + " is too short");
            }
        }

        void skip(int count) throws MalformedImageException {
            need(count);
            pos += count;
        }

        int u8() throws MalformedImageException {
            need(1);
            return HeifScan.this.u8(pos++);
        }

        int u16() throws MalformedImageException {
            need(2);
            int v = u16be(pos);
            pos += 2;
            return v;
        }

        long u32() throws MalformedImageException {
            need(4);
            long v = u32be(pos);
            pos += 4;
            return v;
        }

        long sized(int size) throws MalformedImageException {
            return switch (size) {
                case 0 -> 0;
                case 4 -> u32();
                case 8 -> {
                    long high = u32();
                    long low = u32();
                    if (high > Integer.MAX_VALUE) {
                        throw new MalformedImageException("'" + box.type() + "' box holds an offset beyond 2^63");
                    }
                    yield (high << 32) | low;
                }
                default -> throw new MalformedImageException("'" + box.type() + "' box uses field size " + size);
            };
        }
    }
}
