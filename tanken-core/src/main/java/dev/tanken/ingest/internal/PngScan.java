package dev.tanken.ingest.internal;

import java.util.zip.CRC32;

/**
 * Walks PNG chunks from IHDR to IEND, checking every length and CRC. A missing IEND is the usual
 * sign of a truncated download. Bytes after IEND are ignored, as decoders do.
 */
final class PngScan extends ContainerScan {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final long MAX_CHUNK_LENGTH = Integer.MAX_VALUE;

    PngScan(byte[] data) {
        super(data);
    }

    @Override
    public void scan() throws MalformedImageException {
        require(0, SIGNATURE.length, "the PNG signature");
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (data[i] != SIGNATURE[i]) {
                throw new MalformedImageException("bad PNG signature");
            }
        }
        int pos = SIGNATURE.length;
        boolean first = true;
        boolean imageData = false;
        while (true) {
            if (pos >= data.length) {
                throw new MalformedImageException("file ends without an IEND chunk");
            }
            require(pos, 8, "a chunk header");
            long length = u32be(pos);
            String type = fourCc(pos + 4);
            if (length > MAX_CHUNK_LENGTH || !type.matches("[A-Za-z]{4}")) {
                throw new MalformedImageException("invalid chunk header at offset " + pos);
            }
            if (pos + 12 + length > data.length) {
                throw new MalformedImageException("chunk '" + type + "' at offset " + pos + " declares " + length
                        + " bytes but only " + Math.max(0, data.length - pos - 12) + " remain");
            }
            if (first) {
                if (!type.equals("IHDR") || length != 13) {
                    throw new MalformedImageException("first chunk is '" + type + "', not a 13-byte IHDR");
                }
                long width = u32be(pos + 8);
                long height = u32be(pos + 12);
                if (width > MAX_CHUNK_LENGTH || height > MAX_CHUNK_LENGTH) {
                    throw new MalformedImageException("IHDR declares an invalid size " + width + "x" + height);
                }
                dimensions(width, height);
                first = false;
            }
            checkCrc(pos, (int) length, type);
            if (type.equals("IDAT")) {
                imageData = true;
            } else if (type.equals("IEND")) {
                if (!imageData) {
                    throw new MalformedImageException("no IDAT chunk before IEND");
                }
                return;
            }
            pos += 12 + (int) length;
        }
    }

    private void checkCrc(int pos, int length, String type) throws MalformedImageException {
        CRC32 crc = new CRC32();
        crc.update(data, pos + 4, 4 + length);
        if (crc.getValue() != u32be(pos + 8 + length)) {
            throw new MalformedImageException("chunk '" + type + "' at offset " + pos + " has a bad CRC");
        }
    }
}
