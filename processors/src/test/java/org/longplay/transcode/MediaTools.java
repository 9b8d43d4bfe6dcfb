package org.longplay.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The interop tools of the transcoder tests: {@code opusinfo} (opus-tools) and {@code ffprobe}/{@code ffmpeg}.
 * A missing tool fails the test (CI installs opus-tools and ffmpeg); it is never a skip.
 */
final class MediaTools {
    /** The committed oggenc files (fixtures/_shared/real-vorbis), from the repository root. */
    static final Path REAL_VORBIS = Path.of(System.getProperty("longplay.home", "..")).resolve("fixtures/_shared/real-vorbis");

    private MediaTools() {
    }

    record Result(int exit, String output) {
    }

    /** Runs a command with stdout and stderr merged. */
    static Result run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (the interop tests need opus-tools and ffmpeg installed): "
                    + e.getMessage(), e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    /** Asserts that opusinfo accepts the file without a warning. */
    static void assertOpusinfoClean(Path file) throws IOException, InterruptedException {
        Result r = run("opusinfo", file.toString());
        assertEquals(0, r.exit(), () -> "opusinfo exit code; output:\n" + r.output());
        assertFalse(r.output().toUpperCase(java.util.Locale.ROOT).contains("WARNING"), () -> "opusinfo warns:\n" + r.output());
        assertFalse(r.output().contains("may cause problems"), () -> "opusinfo remarks:\n" + r.output());
    }

    /** ffprobe's key=value view of the first audio stream ({@code stream.*}) and the format ({@code format.*}). */
    static Map<String, String> probe(Path file) throws IOException, InterruptedException {
        Result r = run("ffprobe", "-v", "error", "-show_streams", "-show_format", "-select_streams", "a:0",
                "-of", "flat=s=_", file.toString());
        assertEquals(0, r.exit(), () -> "ffprobe failed on " + file + ":\n" + r.output());
        Map<String, String> values = new HashMap<>();
        for (String line : r.output().split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).replaceFirst("^streams_stream_0_", "stream.").replaceFirst("^format_", "format.");
            String value = line.substring(eq + 1).strip();
            if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(key, value);
        }
        return values;
    }

    /** Every audio packet's pts and duration as ffprobe reads them from the container, one "pts,duration" a packet. */
    static java.util.List<String> packetTimes(Path file) throws IOException, InterruptedException {
        Result r = run("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "packet=pts,duration",
                "-of", "csv=p=0", file.toString());
        assertEquals(0, r.exit(), () -> "ffprobe failed on " + file + ":\n" + r.output());
        return java.util.List.of(r.output().strip().split("\n"));
    }

    static double duration(Path file) throws IOException, InterruptedException {
        return Double.parseDouble(probe(file).get("format.duration"));
    }

    /** Ogg Vorbis made by the system ffmpeg's libvorbis from a lavfi signal: for layouts SyntheticAudio cannot make. */
    static byte[] lavfiVorbis(Path dir, String name, int channels, int rate, double seconds) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=" + rate + ":duration=" + seconds, "-ac", Integer.toString(channels),
                "-c:a", "libvorbis", "-q:a", "3", "-y", out.toString()));
        Result r = run(cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), () -> "ffmpeg could not make " + name + ":\n" + r.output());
        return Files.readAllBytes(out);
    }
}
