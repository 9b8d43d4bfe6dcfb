package org.longplay.imports;

/**
 * One column read from the source and written to the catalog under {@code target}.
 *
 * @param name     column name in the source table
 * @param target   column name in the catalog table
 * @param type     how the value is read and written
 * @param required NOT NULL: a row without it is rejected
 * @param check    value rule beyond type
 */
public record SourceColumn(String name, String target, ValueType type, boolean required, Check check) {

    public enum ValueType { INTEGER, TEXT, REAL }

    static SourceColumn integer(String name, boolean required, Check check) {
        return new SourceColumn(name, name, ValueType.INTEGER, required, check);
    }

    static SourceColumn text(String name, boolean required, Check check) {
        return new SourceColumn(name, name, ValueType.TEXT, required, check);
    }
}
