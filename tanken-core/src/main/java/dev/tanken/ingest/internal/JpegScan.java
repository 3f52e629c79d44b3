package dev.tanken.ingest.internal;

/**
 * Walks JPEG marker segments from SOI through the entropy-coded scans to EOI. Reading the scans
 * byte by byte is the only way to find EOI, and it is what detects a file cut short. Bytes after
 * EOI are allowed: phones append trailers and MPF secondary images there.
 */
final class JpegScan extends ContainerScan {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;

    JpegScan(byte[] data, long maxPixels) {
        super(data, maxPixels);
    }

    @Override
    public void scan() throws MalformedImageException {
        require(0, 2, "the SOI marker");
        if (u8(0) != 0xFF || u8(1) != SOI) {
            throw new MalformedImageException("does not start with the SOI marker");
        }
        int pos = 2;
        boolean frame = false;
        boolean scanSeen = false;
        while (true) {
            if (pos >= data.length) {
                throw new MalformedImageException(scanSeen
                        ? "file ends before the EOI marker"
                        : "file ends before the image data (no SOS marker)");
            }
            if (u8(pos) != 0xFF) {
                throw new MalformedImageException(String.format(
                        "expected a marker at offset %d, found 0x%02X", pos, u8(pos)));
            }
            while (pos + 1 < data.length && u8(pos + 1) == 0xFF) {
                pos++; // fill bytes before a marker
            }
            require(pos, 2, "a marker");
            int marker = u8(pos + 1);
            int markerOffset = pos;
            pos += 2;
            if (marker == EOI) {
                if (!scanSeen) {
                    throw new MalformedImageException("EOI marker before any image data");
                }
                return;
            }
            if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                continue; // RSTn and TEM carry no length
            }
            if (marker == 0x00 || marker == SOI) {
                throw new MalformedImageException(String.format("invalid marker 0xFF%02X at offset %d", marker,
                        markerOffset));
            }
            require(pos, 2, String.format("the length of segment 0xFF%02X", marker));
            int length = u16be(pos);
            if (length < 2) {
                throw new MalformedImageException(String.format("segment 0xFF%02X at offset %d has length %d",
                        marker, markerOffset, length));
            }
            if (pos + length > data.length) {
                throw new MalformedImageException(String.format(
                        "segment 0xFF%02X at offset %d declares %d bytes but only %d remain", marker,
                        markerOffset, length, data.length - pos));
            }
            if (isStartOfFrame(marker) && !frame) {
                if (length < 8) {
                    throw new MalformedImageException("frame header (SOF) is too short");
                }
                int height = u16be(pos + 3);
                int width = u16be(pos + 5);
                if (height == 0) {
                    throw new MalformedImageException("frame header leaves the height to a DNL marker, "
                            + "which is not supported");
                }
                dimensions(width, height);
                frame = true;
            }
            pos += length;
            if (marker == SOS) {
                if (!frame) {
                    throw new MalformedImageException("image data (SOS) before the frame header (SOF)");
                }
                scanSeen = true;
                pos = skipEntropyCodedData(pos);
            }
        }
    }

    /** Returns the offset of the next real marker after a scan, or the file length if there is none. */
    private int skipEntropyCodedData(int pos) {
        while (pos < data.length) {
            if (u8(pos) != 0xFF) {
                pos++;
                continue;
            }
            if (pos + 1 >= data.length) {
                return data.length;
            }
            int next = u8(pos + 1);
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                pos += 2; // stuffed 0xFF byte or restart marker: still inside the scan
            } else if (next == 0xFF) {
                pos++;
            } else {
                return pos;
            }
        }
        return pos;
    }

    /**
     * Names the kind of JPEG this Java runtime's decoder (libjpeg 6b inside the JDK) cannot decode
     * although it is well-formed: lossless and hierarchical processes and samples of other than 8 bits.
     * Returns null when it can (baseline, extended, progressive, arithmetic-coded; any channel count),
     * so that "cannot decode" is not mistaken for "corrupt". Reads the marker segments up to the frame
     * header only; the file has already passed {@link #scan}.
     */
    static String undecodableEncoding(byte[] data) {
        int pos = 2;
        while (pos + 4 <= data.length && (data[pos] & 0xFF) == 0xFF) {
            int marker = data[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte
                continue;
            }
            if (marker == SOS || marker == EOI) {
                return null; // no frame header first: the decoder will say what is wrong
            }
            int length = ((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF);
            if (isStartOfFrame(marker)) {
                if (marker == 0xC3 || marker == 0xCB) {
                    return "lossless coding";
                }
                if ((marker >= 0xC5 && marker <= 0xC7) || marker >= 0xCD) {
                    return "hierarchical coding";
                }
                int precision = pos + 4 < data.length ? data[pos + 4] & 0xFF : 8;
                return precision != 8 ? precision + "-bit samples" : null;
            }
            pos += 2 + length;
        }
        return null;
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }
}
