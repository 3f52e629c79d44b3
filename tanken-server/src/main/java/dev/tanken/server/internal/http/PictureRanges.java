package dev.tanken.server.internal.http;

import java.util.Optional;

/** One byte range of a {@code Range: bytes=...} header; several ranges are answered whole (allowed). */
record PictureRanges(long first, long last) {

    /** Empty for no usable single range; {@code (-1, -1)} for an unsatisfiable one. */
    static Optional<PictureRanges> parse(String header, long length) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return Optional.empty();
        }
        String spec = header.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    return Optional.of(new PictureRanges(-1, -1));
                }
                return Optional.of(new PictureRanges(Math.max(0, length - suffix), length - 1));
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
            if (first < 0 || first >= length || last < first) {
                return Optional.of(new PictureRanges(-1, -1));
            }
            return Optional.of(new PictureRanges(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean satisfiable() {
        return first >= 0;
    }

    long size() {
        return last - first + 1;
    }
}
