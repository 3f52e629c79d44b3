package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.model.Validation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tags from the folders between an import's root and a photo: {@code 2024/Kyoto Trip/a.jpg} gives 2024, kyoto-trip. */
public final class FolderTags {
    private FolderTags() {
    }

    public static List<String> of(Path root, Path file) {
        Path parent = root.relativize(file).getParent();
        List<String> tags = new ArrayList<>();
        if (parent == null) {
            return tags;
        }
        for (Path folder : parent) {
            String candidate = folder.toString().strip().replaceAll("\\s+", "-").replaceAll("[^\\p{L}\\p{N}_-]", "");
            if (candidate.isEmpty()) {
                continue;
            }
            try {
                String tag = Validation.tag(candidate);
                if (!tags.contains(tag) && tags.size() < Validation.MAX_TAGS) {
                    tags.add(tag);
                }
            } catch (InvalidInputException e) {
                // A folder name no tag can hold (too long): the photo is still imported, without it.
            }
        }
        return tags;
    }
}
