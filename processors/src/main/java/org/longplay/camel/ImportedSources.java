package org.longplay.camel;

import org.longplay.catalog.CatalogSettings;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the last complete import read: the metadata (and audio-features) file by absolute path, size and
 * modification time. {@code longplay run} skips the import when the same files are given again, so a
 * run resumes where the workspace stands instead of re-reading a dump of hundreds of millions of rows.
 */
final class ImportedSources {
    private ImportedSources() {
    }

    static String fingerprint(String metadata, String features) throws IOException {
        return describe(metadata) + "\n" + (features == null ? "-" : describe(features));
    }

    private static String describe(String file) throws IOException {
        Path p = Path.of(file).toAbsolutePath().normalize();
        return p + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
    }

    static boolean alreadyImported(DataSource catalog, String fingerprint) throws SQLException {
        try (Connection c = catalog.getConnection()) {
            return fingerprint.equals(CatalogSettings.get(c, CatalogSettings.IMPORTED_SOURCES));
        }
    }

    static void record(DataSource catalog, String fingerprint) throws SQLException {
        try (Connection c = catalog.getConnection()) {
            CatalogSettings.put(c, CatalogSettings.IMPORTED_SOURCES, fingerprint);
        }
    }
}
