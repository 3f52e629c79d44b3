package dev.tanken.db.internal;

import dev.tanken.model.PictureSize;
import dev.tanken.model.PictureVariant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a post's variants as the backends aggregate them into one text column: entries separated by
 * commas, each {@code "size blobKey mediaType sha256 width height"} separated by spaces (none of
 * these fields can contain either separator; {@link PictureVariant} checks the key).
 */
public final class VariantColumns {
    private VariantColumns() {
    }

    public static List<PictureVariant> parse(String aggregated) {
        if (aggregated == null || aggregated.isEmpty()) {
            return List.of();
        }
        List<PictureVariant> variants = new ArrayList<>(2);
        for (String entry : aggregated.split(",")) {
            String[] f = entry.split(" ");
            if (f.length != 6) {
                throw new IllegalArgumentException("malformed picture variant '" + entry + "'");
            }
            variants.add(new PictureVariant(PictureSize.parse(f[0]), f[1], f[2], f[3], Integer.parseInt(f[4]),
                    Integer.parseInt(f[5])));
        }
        return variants;
    }
}
