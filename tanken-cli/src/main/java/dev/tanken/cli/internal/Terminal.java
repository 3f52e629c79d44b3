package dev.tanken.cli.internal;

/**
 * Makes text from users safe to print on a terminal: control characters (C0, DEL, C1), which could
 * move the cursor, retitle the window or hide text, are shown escaped ({@code \e}, {@code \x07},
 * {@code \u009b}); and a value too long to read in one message is cut in the middle of nowhere
 * useful, its length stated. Messages that echo user input pass through here before they are
 * printed.
 */
public final class Terminal {
    /** Longest run without spaces a message keeps whole; longer ones are some argument or file echoed back. */
    static final int MAX_WORD = 120;
    private static final int KEEP = 60;

    private Terminal() {
    }

    /** {@code text} with its control characters escaped and its long words cut. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 4096));
        int i = 0;
        while (i < text.length()) {
            int end = text.indexOf(' ', i);
            if (end < 0) {
                end = text.length();
            }
            appendWord(out, text.substring(i, end));
            if (end < text.length()) {
                out.append(' ');
            }
            i = end + 1;
        }
        return out.toString();
    }

    /** A value to quote inside a message: the same rule as {@link #clean}. */
    public static String quote(String value) {
        return clean(value);
    }

    private static void appendWord(StringBuilder out, String word) {
        int cps = word.codePointCount(0, word.length());
        if (cps > MAX_WORD) {
            // A value quoted in a message keeps its quotes, and its length is the value's own.
            java.util.regex.Matcher quoted = QUOTED.matcher(word);
            String lead = quoted.matches() ? quoted.group(1) : "";
            String value = quoted.matches() ? quoted.group(2) : word;
            String trail = quoted.matches() ? quoted.group(3) : "";
            int cut = value.offsetByCodePoints(0, Math.min(KEEP, value.codePointCount(0, value.length())));
            out.append(lead);
            escape(out, value.substring(0, cut));
            out.append("…(").append(value.codePointCount(0, value.length())).append(" characters)");
            escape(out, trail);
        } else {
            escape(out, word);
        }
    }

    private static final java.util.regex.Pattern QUOTED =
            java.util.regex.Pattern.compile("(?s)(['\"]?)(.*?)(['\"]?[:;,.)]*)");

    private static void escape(StringBuilder out, String s) {
        s.codePoints().forEach(cp -> {
            if (cp == 0x1B) {
                out.append("\\e");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp < 0x20 || cp == 0x7F) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp >= 0x80 && cp < 0xA0) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
    }
}
