package org.longplay.common;

/**
 * Text from outside (a request, a file name, a setting) made safe to show: in a log line, a report, a
 * one-line error. Such text may hold line breaks that forge a second log line, terminal escapes, or bidi
 * controls that make it read as something else.
 */
public final class Printable {
    private Printable() {
    }

    /**
     * The bidi embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069) and marks (U+200E,
     * U+200F, U+061C): invisible, they reorder what is shown, so a name can pass for another
     * ("Title", U+202E, "gpj.exe" shows as "Titleexe.jpg").
     */
    public static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
    }

    /**
     * {@code s} in double quotes, on one line whatever it holds: {@code "} and {@code \} escaped with a
     * backslash, control characters (Unicode Cc: line breaks, escapes), the line and paragraph separators
     * and the bidi controls as a backslash, {@code u} and four hex digits.
     */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (!shows(cp)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }

    /** Whether {@code s} shows as it is: no control character, line or paragraph separator, bidi control or lone surrogate. */
    public static boolean isPlain(String s) {
        return s.codePoints().allMatch(Printable::shows);
    }

    private static boolean shows(int cp) {
        return Character.getType(cp) != Character.CONTROL && cp != 0x2028 && cp != 0x2029 && !isBidiControl(cp)
                && Character.getType(cp) != Character.SURROGATE;
    }
}
