package org.longplay.release;

import java.util.Map;

/**
 * JSON text of the small flat objects the release writes, with keys in the order given, so the same
 * record always gives the same bytes. Strings are escaped per RFC 8259: quote, backslash and every
 * control character, plus U+2028/U+2029 (which break JavaScript readers) and lone surrogates (which
 * have no UTF-8 form); everything else is written as is (UTF-8 on output).
 */
public final class JsonText {
    private JsonText() {
    }

    /** An object from a map whose values are String, Number, Boolean, null or such maps. */
    public static String object(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder(256);
        appendObject(out, fields);
        return out.toString();
    }

    /** Appends the object to {@code out}. */
    public static void appendObject(StringBuilder out, Map<String, ?> fields) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, e.getKey());
            out.append(':');
            appendValue(out, e.getValue());
        }
        out.append('}');
    }

    /** Appends an already serialised JSON value (e.g. a stored metadata object) under {@code key}. */
    @SuppressWarnings("unchecked")
    private static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            appendString(out, s);
        } else if (value instanceof Raw raw) {
            out.append(raw.json());
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                out.append("null");
            } else {
                out.append(d);
            }
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            appendObject(out, (Map<String, ?>) map);
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    /** A value that is JSON text already. */
    public record Raw(String json) {
    }

    public static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean loneSurrogate = Character.isHighSurrogate(c)
                            ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || loneSurrogate) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
