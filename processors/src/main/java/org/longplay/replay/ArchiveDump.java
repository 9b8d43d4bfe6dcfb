package org.longplay.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.longplay.ogg.CorruptOriginalException;
import org.longplay.ogg.OriginalOgg;
import org.longplay.process.Sha256;

/**
 * The process stage's outputs as golden text: {@code archive.txt} lists every archive file (sorted
 * by path) with its SHA-256, size, a digest of its audio pages and its tags; {@code patches.txt}
 * every patch with SHA-256 and size. A cover picture is shown by MIME type, size and hash, not by
 * its base64 text.
 */
public final class ArchiveDump {
    private static final String PICTURE = "METADATA_BLOCK_PICTURE=";

    private ArchiveDump() {
    }

    public static void write(Path archive, Path patches, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> archiveLines = new ArrayList<>();
        for (Path file : files(archive)) {
            byte[] data = Files.readAllBytes(file);
            archiveLines.add("== " + CatalogDump.escapeControls(archive.relativize(file).toString()));
            archiveLines.add("sha256 " + Sha256.hex(data) + "  bytes " + data.length);
            try {
                OriginalOgg ogg = OriginalOgg.inspect(data);
                archiveLines.add("audio " + ogg.audioDigest() + "  vendor " + ogg.vendor());
                for (String comment : ogg.comments()) {
                    archiveLines.add(comment.startsWith(PICTURE) ? picture(comment) : CatalogDump.escapeControls(comment));
                }
            } catch (CorruptOriginalException e) {
                archiveLines.add("not a valid Ogg Vorbis file: " + e.getMessage());
            }
        }
        List<String> patchLines = new ArrayList<>();
        for (Path file : files(patches)) {
            byte[] data = Files.readAllBytes(file);
            patchLines.add(patches.relativize(file) + "  sha256 " + Sha256.hex(data) + "  bytes " + data.length);
        }
        writeLines(dir.resolve("archive.txt"), archiveLines);
        writeLines(dir.resolve("patches.txt"), patchLines);
    }

    /** {@code METADATA_BLOCK_PICTURE=<type 3 image/png 30x20x24, 123 bytes, sha256 ...>}. */
    static String picture(String comment) {
        byte[] block = Base64.getDecoder().decode(comment.substring(PICTURE.length()));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(block);
        int type = b.getInt();
        byte[] mime = new byte[b.getInt()];
        b.get(mime);
        int description = b.getInt();
        b.position(b.position() + description);
        int width = b.getInt();
        int height = b.getInt();
        int depth = b.getInt();
        b.getInt(); // colours
        int length = b.getInt();
        return PICTURE + "<type " + type + " " + new String(mime, StandardCharsets.US_ASCII) + " " + width + "x" + height + "x" + depth
                + ", " + length + " bytes, sha256 " + Sha256.hex(block, b.position(), length) + ">";
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void writeLines(Path file, List<String> lines) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
