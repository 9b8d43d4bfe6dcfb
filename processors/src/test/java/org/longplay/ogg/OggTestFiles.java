package org.longplay.ogg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Test originals: the committed tiny Vorbis file, Spotify-layout variants, byte surgery. */
final class OggTestFiles {
    /** Page offsets of the committed file (see the README next to it). */
    static final int PAGE_2 = 3932;
    static final int PAGE_3 = 8206;
    static final int PAGE_4 = 12439;
    static final int LENGTH = 14559;
    static final ReplayGain GAINS = new ReplayGain(-6.5f, 0.98765432f, -7.25f, 1.0000001f);

    private OggTestFiles() {
    }

    static byte[] plain() {
        try (InputStream in = OggTestFiles.class.getResourceAsStream("noise-1.5s-q0.ogg")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] prefixed() {
        return concat(SpotifyPrefix.build(GAINS, 0x5107), plain());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Sets the sequence number of the page at {@code offset} and reseals it. */
    static void setSequence(byte[] file, int offset, int sequence) {
        OggPage.writeIntLE(file, offset + 18, sequence);
        OggCrc.seal(file, offset, OriginalOgg.pageLength(file, offset));
    }

    /** Sets the header type of the page at {@code offset} and reseals it. */
    static void setHeaderType(byte[] file, int offset, int type) {
        file[offset + 5] = (byte) type;
        OggCrc.seal(file, offset, OriginalOgg.pageLength(file, offset));
    }

    /** Whether an executable of this name is on the PATH. */
    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command, returning its standard output; fails on a non-zero exit. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path errors = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(errors.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + rc + ": " + Files.readString(errors));
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }
}
