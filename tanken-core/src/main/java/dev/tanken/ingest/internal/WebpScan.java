package dev.tanken.ingest.internal;

/**
 * Checks the RIFF container of a WebP file: the declared RIFF size must fit in the file and the
 * chunks must tile it exactly. The canvas size comes from the first chunk (VP8X, VP8 or VP8L); a
 * still image's VP8X canvas must match the size in its VP8/VP8L bitstream header.
 */
final class WebpScan extends ContainerScan {
    /** VP8X flag: the file is an animation, whose frames may be smaller than the canvas. */
    private static final int ANIMATION_FLAG = 0x02;

    private boolean stillCanvas;

    WebpScan(byte[] data, long maxPixels) {
        super(data, maxPixels);
    }

    @Override
    public void scan() throws MalformedImageException {
        require(0, 12, "the RIFF header");
        if (!fourCc(0).equals("RIFF") || !fourCc(8).equals("WEBP")) {
            throw new MalformedImageException("not a RIFF WEBP header");
        }
        long riffEnd = u32le(4) + 8;
        if (riffEnd > data.length) {
            throw new MalformedImageException("RIFF header declares " + riffEnd + " bytes but the file has "
                    + data.length);
        }
        int end = (int) riffEnd;
        int pos = 12;
        boolean first = true;
        boolean image = false;
        while (pos < end) {
            if (pos + 8 > end) {
                throw new MalformedImageException("RIFF data ends inside a chunk header at offset " + pos);
            }
            String type = fourCc(pos);
            if (!type.matches("[\\x20-\\x7e]{4}")) {
                throw new MalformedImageException("invalid chunk type '" + type + "' at offset " + pos);
            }
            long size = u32le(pos + 4);
            if (pos + 8 + size > end) {
                throw new MalformedImageException("chunk '" + type + "' at offset " + pos + " declares " + size
                        + " bytes but only " + (end - pos - 8) + " remain");
            }
            int payload = pos + 8;
            if (first) {
                readCanvas(type, payload, (int) size);
                first = false;
                stillCanvas = type.equals("VP8X") && (u8(payload) & ANIMATION_FLAG) == 0;
            } else if (stillCanvas && !image && (type.equals("VP8 ") || type.equals("VP8L"))) {
                checkFrameFillsCanvas(type, payload, (int) size);
            }
            image |= type.equals("VP8 ") || type.equals("VP8L") || type.equals("ANIM");
            // Chunks are padded to an even size; a missing pad byte on the last chunk is tolerated.
            pos = (int) Math.min(end, payload + size + (size & 1));
        }
        if (first) {
            throw new MalformedImageException("RIFF container holds no chunks");
        }
        if (!image) {
            throw new MalformedImageException("no image data chunk (VP8, VP8L or ANIM)");
        }
    }

    private void readCanvas(String type, int payload, int size) throws MalformedImageException {
        switch (type) {
            case "VP8X" -> {
                if (size < 10) {
                    throw new MalformedImageException("VP8X chunk is too short");
                }
                dimensions(u24le(payload + 4) + 1L, u24le(payload + 7) + 1L);
            }
            case "VP8 ", "VP8L" -> {
                long[] frame = frameSize(type, payload, size);
                dimensions(frame[0], frame[1]);
            }
            default -> throw new MalformedImageException("first chunk is '" + type + "', expected VP8X, VP8 or VP8L");
        }
    }

    /**
     * A still image's canvas (VP8X) must be exactly its bitstream's size, as libwebp and browsers
     * require; otherwise the canvas size would be believed while the pixels cover only part of it.
     */
    private void checkFrameFillsCanvas(String type, int payload, int size) throws MalformedImageException {
        long[] frame = frameSize(type, payload, size);
        if (frame[0] != width() || frame[1] != height()) {
            throw new MalformedImageException("the VP8X header declares " + width() + "x" + height()
                    + " pixels but the " + type.trim() + " image data is " + frame[0] + "x" + frame[1]);
        }
    }

    private long[] frameSize(String type, int payload, int size) throws MalformedImageException {
        if (type.equals("VP8 ")) {
            if (size < 10 || u8(payload + 3) != 0x9D || u8(payload + 4) != 0x01 || u8(payload + 5) != 0x2A) {
                throw new MalformedImageException("VP8 chunk lacks a key frame header");
            }
            return new long[] {u16le(payload + 6) & 0x3FFF, u16le(payload + 8) & 0x3FFF};
        }
        if (size < 5 || u8(payload) != 0x2F) {
            throw new MalformedImageException("VP8L chunk lacks its signature");
        }
        long bits = u32le(payload + 1);
        return new long[] {(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }
}
