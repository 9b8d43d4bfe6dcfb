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
import org.longplay.ogg.OggOpus;
import org.longplay.ogg.OriginalOgg;
import org.longplay.process.Sha256;

/**
 * The process stage's outputs as golden text: {@code archive.txt} lists every archive file (sorted
 * by path) with its tags and, for a tagged original, its SHA-256, size and a digest of its audio
 * pages; for an Opus re-encode, channels, duration and output gain (its bytes are the encoder's); {@code patches.txt}
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
            List<String> comments;
            try {
                if (isOpus(data)) {
                    // encoder output: its bytes are the bundled libopus build's, so only what the stage decides is golden
                    OggOpus opus = OggOpus.inspect(data);
                    archiveLines.add(String.format(java.util.Locale.ROOT, "opus %d channel(s), %.2f s, output gain %d, vendor %s",
                            opus.channels(), opus.seconds(), opus.outputGain(), opus.vendor()));
                    comments = opus.comments();
                } else {
                    OriginalOgg ogg = OriginalOgg.inspect(data);
                    archiveLines.add("sha256 " + Sha256.hex(data) + "  bytes " + data.length);
                    archiveLines.add("audio " + ogg.audioDigest() + "  vendor " + ogg.vendor());
                    comments = ogg.comments();
                }
            } catch (CorruptOriginalException e) {
                archiveLines.add("not a valid Ogg file: " + e.getMessage());
                continue;
            }
            for (String comment : comments) {
                archiveLines.add(comment.startsWith(PICTURE) ? picture(comment) : CatalogDump.escapeControls(comment));
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

    /** An Ogg file whose first packet is OpusHead (the page's body starts after 27 + segments bytes). */
    /**
     * {@code releases.txt}: one line per released torrent, from {@code releases/torrents.json} in its order:
     * stage, file name, info-hash, files, bytes, metadata or data. Release time is left out (it is the clock's).
     */
    public static void writeReleases(Path torrentsJson, Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.isRegularFile(torrentsJson)) {
            try {
                for (Object row : (org.apache.camel.util.json.JsonArray) org.apache.camel.util.json.Jsoner.deserialize(
                        Files.readString(torrentsJson, StandardCharsets.UTF_8))) {
                    org.apache.camel.util.json.JsonObject t = (org.apache.camel.util.json.JsonObject) row;
                    lines.add(String.join("\t", String.valueOf(t.get("stage")), String.valueOf(t.get("display_name")),
                            String.valueOf(t.get("btih")), String.valueOf(t.get("num_files")), String.valueOf(t.get("data_size")),
                            Boolean.TRUE.equals(t.get("is_metadata")) ? "metadata" : "data"));
                }
            } catch (org.apache.camel.util.json.DeserializationException e) {
                throw new IOException(torrentsJson + " is not valid JSON: " + e.getMessage(), e);
            }
        }
        writeLines(dir.resolve("releases.txt"), lines);
    }

    private static boolean isOpus(byte[] data) {
        int body = data.length > 27 ? 27 + (data[26] & 0xFF) : Integer.MAX_VALUE;
        return data.length >= body + 8 && new String(data, body, 8, StandardCharsets.US_ASCII).equals("OpusHead");
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
