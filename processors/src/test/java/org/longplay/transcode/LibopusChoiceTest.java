package org.longplay.transcode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which libopus the in-process transcoder encodes with ({@code longplay.process.libopus}), and that the
 * system libopus path drives libopus and the Ogg muxer exactly as libavcodec's own wrapper does.
 */
class LibopusChoiceTest {
    private static final String ABSENT = "libopus-absent-for-a-test.so.9";

    @TempDir
    Path dir;

    /** The libopus release linked into the bundled FFmpeg (javacpp-presets 1.5.14). */
    private static final String BUNDLED_RELEASE = "libopus 1.3.1";

    @Test
    void systemAndBundledLibopusWriteTheSameStreamAndTheSameBytesWhenTheReleasesMatch() throws Exception {
        // The same pre-skip, OpusHead, packet timestamps and durations (last frame padded, flush) as
        // libavcodec's wrapper gives whatever the release; with the same release, the same bytes.
        List<Path> inputs = new ArrayList<>();
        try (Stream<Path> real = Files.list(MediaTools.REAL_VORBIS)) {
            real.filter(p -> p.toString().endsWith(".ogg")).sorted().forEach(inputs::add);
        }
        MediaTools.lavfiVorbis(dir, "surround-5.1.ogg", 6, 48000, 2.0);
        inputs.add(dir.resolve("surround-5.1.ogg"));
        MediaTools.lavfiVorbis(dir, "shorter-than-the-lookahead.ogg", 1, 48000, 0.005); // 240 samples < 312
        inputs.add(dir.resolve("shorter-than-the-lookahead.ogg"));
        MediaTools.lavfiVorbis(dir, "whole-frames.ogg", 2, 48000, 0.4); // 19,200 samples: 20 frames exactly
        inputs.add(dir.resolve("whole-frames.ogg"));

        JavaCvOpusTranscoder system = new JavaCvOpusTranscoder("system");
        JavaCvOpusTranscoder bundled = new JavaCvOpusTranscoder("bundled");
        boolean sameRelease = system.name().equals("javacv (system " + BUNDLED_RELEASE + ")");
        for (Path input : inputs) {
            byte[] vorbis = Files.readAllBytes(input);
            String name = input.getFileName().toString();
            Path a = dir.resolve(name + ".system.opus");
            Path b = dir.resolve(name + ".bundled.opus");
            OpusResult fromSystem = system.transcode(vorbis, 0, 75, a);
            OpusResult fromBundled = bundled.transcode(vorbis, 0, 75, b);
            assertEquals(fromBundled, fromSystem, name);
            MediaTools.assertOpusinfoClean(a);
            assertEquals(MediaTools.packetTimes(b), MediaTools.packetTimes(a), name + ": packet timestamps");
            byte[] withSystem = Files.readAllBytes(a);
            byte[] withBundled = Files.readAllBytes(b);
            int firstPage = 27 + 1 + 19; // page header, one lacing value, the 19-byte OpusHead
            assertArrayEquals(Arrays.copyOf(withBundled, firstPage), Arrays.copyOf(withSystem, firstPage), name + ": OpusHead page");
            if (sameRelease) {
                assertArrayEquals(withBundled, withSystem, name + ": system and bundled libopus differ");
            }
        }
    }

    @Test
    void theNameSaysWhichLibopusEncodes() {
        assertTrue(new JavaCvOpusTranscoder("system").name().matches("javacv \\(system libopus 1\\.[0-9.]+\\)"),
                new JavaCvOpusTranscoder("system").name());
        assertEquals("javacv (bundled libopus)", new JavaCvOpusTranscoder("bundled").name());
        assertEquals(new JavaCvOpusTranscoder("system").name(), new JavaCvOpusTranscoder().name(), "auto takes the system's here");
    }

    @Test
    void autoFallsBackToTheBundledLibopusWhereTheSystemHasNone() throws Exception {
        JavaCvOpusTranscoder auto = new JavaCvOpusTranscoder("auto", ABSENT);
        assertEquals("javacv (bundled libopus)", auto.name());
        byte[] vorbis = Files.readAllBytes(MediaTools.REAL_VORBIS.resolve("stereo-3s-q3.ogg"));
        Path out = dir.resolve("fallback.opus");
        auto.transcode(vorbis, 0, 75, out);
        MediaTools.assertOpusinfoClean(out);
    }

    @Test
    void systemWithoutTheLibraryFailsEveryTranscodeNamingItAndWritesNothing() throws Exception {
        JavaCvOpusTranscoder required = new JavaCvOpusTranscoder("system", ABSENT);
        assertTrue(required.name().contains(ABSENT), required.name());
        byte[] vorbis = Files.readAllBytes(MediaTools.REAL_VORBIS.resolve("stereo-3s-q3.ogg"));
        Path out = dir.resolve("never.opus");
        TranscodeException e = assertThrows(TranscodeException.class, () -> required.transcode(vorbis, 0, 75, out));
        assertEquals(TranscodeException.Kind.ENCODE, e.kind());
        assertTrue(e.getMessage().contains("longplay.process.libopus = system") && e.getMessage().contains(ABSENT), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void anUnknownChoiceIsRefusedNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JavaCvOpusTranscoder("fast"));
        assertTrue(e.getMessage().contains("longplay.process.libopus") && e.getMessage().contains("'fast'"), e.getMessage());
    }
}
