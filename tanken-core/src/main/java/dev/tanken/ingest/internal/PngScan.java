package dev.tanken.ingest.internal;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks PNG chunks from IHDR to IEND, checking every length and CRC. A missing IEND is the usual
 * sign of a truncated download. Bytes after IEND are ignored, as decoders do.
 *
 * <p>metadata-extractor inflates compressed text and ICC chunks without any bound, so a small file
 * could expand to gigabytes (a "zip bomb"). Their inflated size is measured here first, with a cap.
 */
final class PngScan extends ContainerScan {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final long MAX_CHUNK_LENGTH = Integer.MAX_VALUE;
    /** Far above any real text, XMP or ICC profile, far below trouble. */
    static final long MAX_INFLATED_METADATA_BYTES = 16L * 1024 * 1024;

    private long inflatedMetadataBytes;

    PngScan(byte[] data, long maxPixels) {
        super(data, maxPixels);
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
            checkCompressedMetadata(type, pos + 8, (int) length);
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

    private void checkCompressedMetadata(String type, int start, int length) throws MalformedImageException {
        int end = start + length;
        int compressed = switch (type) {
            // keyword NUL, compression method, then the deflate stream
            case "zTXt", "iCCP" -> {
                int nul = indexOfNul(start, end);
                yield nul < 0 ? -1 : nul + 2;
            }
            // keyword NUL, compressed flag, method, language NUL, translated keyword NUL, text
            case "iTXt" -> {
                int nul = indexOfNul(start, end);
                if (nul < 0 || nul + 3 > end || u8(nul + 1) == 0) {
                    yield -1;
                }
                int language = indexOfNul(nul + 3, end);
                int translated = language < 0 ? -1 : indexOfNul(language + 1, end);
                yield translated < 0 ? -1 : translated + 1;
            }
            default -> -1;
        };
        if (compressed < 0 || compressed > end) {
            return;
        }
        long budget = MAX_INFLATED_METADATA_BYTES - inflatedMetadataBytes;
        inflatedMetadataBytes += inflatedSize(compressed, end - compressed, budget + 1);
        if (inflatedMetadataBytes > MAX_INFLATED_METADATA_BYTES) {
            throw new MalformedImageException("compressed metadata chunks ('" + type + "') inflate to more than "
                    + MAX_INFLATED_METADATA_BYTES / (1024 * 1024) + " MiB");
        }
    }

    /** Bytes the deflate stream expands to (up to a corruption, if any), counting no further than {@code cap}. */
    private long inflatedSize(int offset, int length, long cap) {
        Inflater inflater = new Inflater();
        long total = 0;
        try {
            inflater.setInput(data, offset, length);
            byte[] scratch = new byte[64 * 1024];
            while (total < cap && !inflater.finished()) {
                int n = inflater.inflate(scratch);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                total += n;
            }
        } catch (DataFormatException e) {
            // What inflated before the corruption still counts: metadata-extractor would expand it too.
        } finally {
            inflater.end();
        }
        return total;
    }

    private int indexOfNul(int from, int end) {
        for (int i = from; i < end; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
