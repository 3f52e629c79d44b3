package dev.tanken.postgres;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.PayloadCondition;
import java.util.List;
import java.util.Locale;

/**
 * A payload path with an expression index of its own on PostgreSQL, for range, NE and EXISTS
 * conditions on it, which the payload's GIN index cannot answer (it serves equality only).
 *
 * @param path the member names from the payload's root, as in {@link PayloadCondition#path()}
 * @param type {@code NUMBER} indexes the JSON value at the path (serving EXISTS, NE and number
 *     GT/LT); {@code TEXT} indexes it as text in code point order (serving string GT/LT)
 */
public record IndexedPath(List<String> path, Type type) {
    public enum Type {
        NUMBER, TEXT;

        public static Type parse(String name) {
            for (Type t : values()) {
                if (name != null && t.name().equalsIgnoreCase(name.strip())) {
                    return t;
                }
            }
            throw new InvalidInputException("index type must be number or text, got '" + name + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public IndexedPath {
        // The condition's own checks: a path a search can take is a path that can be indexed.
        path = PayloadCondition.exists(path).path();
        if (type == null) {
            throw new InvalidInputException("index type must be number or text");
        }
    }

    /** True when a search can answer {@code c} from this path's index. */
    public boolean serves(PayloadCondition c) {
        if (!c.path().equals(path)) {
            return false;
        }
        return switch (c.operation()) {
            case EXISTS, NE -> type == Type.NUMBER;
            case GT, LT -> c.value().isNumber() ? type == Type.NUMBER : type == Type.TEXT;
            default -> false;
        };
    }
}
