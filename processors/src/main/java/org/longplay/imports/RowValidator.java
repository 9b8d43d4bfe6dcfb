package org.longplay.imports;

import java.util.List;
import org.longplay.catalog.TargetColumns;

/**
 * Turns one source value into the catalog's type, or says why it cannot: missing where required,
 * wrong type, breaking its {@link Check}, or longer than the catalog column.
 */
final class RowValidator {

    /** Each column's size in the catalog, looked up once: {@link #convert} runs for every value. */
    private final int[] sizes;
    /** Whether each column is a 32-bit integer in the catalogue. */
    private final boolean[] int32;

    RowValidator(SourceTable table, TargetColumns targetColumns) {
        List<SourceColumn> columns = table.columns();
        this.sizes = new int[columns.size()];
        this.int32 = new boolean[columns.size()];
        for (int i = 0; i < sizes.length; i++) {
            TargetColumns.TargetColumn target = targetColumns.get(columns.get(i).target());
            sizes[i] = target.size();
            int32[i] = target.is32BitInteger();
        }
    }

    /** The converted value of column {@code index}, or null with the reason added to {@code problems}. */
    Object convert(int index, SourceColumn column, Object raw, List<String> problems) {
        if (raw == null) {
            if (column.required()) {
                problems.add(column.name() + " is missing (NOT NULL)");
            }
            return null;
        }
        Object value = switch (column.type()) {
            case INTEGER -> asInteger(raw);
            case REAL -> raw instanceof Number n ? (Object) n.doubleValue() : asReal(raw);
            // NUL is the one character PostgreSQL text cannot hold; every output drops control characters anyway,
            // so both engines keep the text without it (docs/contracts.md §3.2)
            case TEXT -> raw instanceof byte[] ? null : raw.toString().replace("\u0000", "");
        };
        if (value == null) {
            String expected = switch (column.type()) {
                case INTEGER -> "an integer";
                case REAL -> "a number";
                case TEXT -> "text";
            };
            problems.add(column.name() + " is not " + expected + " (" + describe(raw) + ")");
            return null;
        }
        String violation = column.check().violation(value);
        if (violation != null) {
            problems.add(column.name() + " " + describe(value) + " " + violation);
            return null;
        }
        if (int32[index] && value instanceof Long l && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
            problems.add(column.name() + " " + l + " is outside the catalogue's 32-bit integer range");
            return null;
        }
        if (value instanceof String text) {
            int size = sizes[index];
            if (text.length() > size) {
                problems.add(column.name() + " is longer than " + size + " characters (" + text.length() + ")");
                return null;
            }
        }
        return value;
    }

    private static Long asInteger(Object raw) {
        if (raw instanceof Long l) {
            return l;
        }
        if (raw instanceof Integer i) {
            return i.longValue();
        }
        if (raw instanceof Double d) {
            return d == Math.rint(d) && !d.isInfinite() ? d.longValue() : null;
        }
        if (raw instanceof String s && s.matches("-?[0-9]{1,18}")) {
            return Long.parseLong(s);
        }
        return null;
    }

    private static Double asReal(Object raw) {
        try {
            return raw instanceof String s ? Double.parseDouble(s.strip()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A value as a reject reason shows it: text quoted, cut at 40 characters, control characters as '?'. */
    static String describe(Object value) {
        if (value instanceof byte[] bytes) {
            return "a " + bytes.length + "-byte blob";
        }
        if (value instanceof String s) {
            String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
            return "'" + shown.replaceAll("\\p{Cc}", "?") + "'";
        }
        return String.valueOf(value);
    }
}
