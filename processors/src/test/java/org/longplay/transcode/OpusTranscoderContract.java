package org.longplay.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.fixtures.SyntheticAudio;

/**
 * What every {@link OpusTranscoder} must do, checked with opusinfo and ffprobe (docs/contracts.md §4, §5.4, issue 5).
 * Each implementation's test extends this with its own instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OpusTranscoderContract {
    /** 25 s of synthetic stereo music at 44.1 kHz, as the fixture originals are made. */
    private static byte[] longSynthetic;

    @TempDir
    Path dir;

    abstract OpusTranscoder transcoder();

    @BeforeAll
    static void makeLongSynthetic() throws Exception {
        synchronized (OpusTranscoderContract.class) {
            if (longSynthetic == null) {
                longSynthetic = SyntheticAudio.encode(7, 3, 25.0);
            }
        }
    }

    private Path original(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** Transcodes and checks validity, rate, channels and duration against the original. */
    private Map<String, String> transcodeAndCheck(Path original, byte[] input, int offset, int expectedChannels) throws Exception {
        Path out = dir.resolve(original.getFileName() + ".opus.ogg");
        OpusResult result = transcoder().transcode(input, offset, 75, out);
        MediaTools.assertOpusinfoClean(out);
        Map<String, String> probe = MediaTools.probe(out);
        assertEquals("opus", probe.get("stream.codec_name"));
        assertEquals("48000", probe.get("stream.sample_rate"));
        assertEquals(Integer.toString(expectedChannels), probe.get("stream.channels"));
        assertEquals(expectedChannels, result.channels());
        double originalSeconds = MediaTools.duration(original);
        double outSeconds = Double.parseDouble(probe.get("format.duration"));
        assertEquals(originalSeconds, outSeconds, 0.1, "duration of the output against the original");
        assertEquals(originalSeconds, result.seconds(), 0.1, "duration reported by the transcoder");
        assertEquals(result.samples48k() / 48000.0, result.seconds(), 1e-9);
        return probe;
    }

    @Test
    void monoAt44100StaysMonoAndBecomesValidOpusAt48k() throws Exception {
        Path original = MediaTools.REAL_VORBIS.resolve("mono-440-q2.ogg");
        transcodeAndCheck(original, Files.readAllBytes(original), 0, 1);
    }

    @Test
    void stereoAt44100StaysStereoAndBecomesValidOpusAt48k() throws Exception {
        Path original = MediaTools.REAL_VORBIS.resolve("stereo-chord-q5.ogg");
        transcodeAndCheck(original, Files.readAllBytes(original), 0, 2);
    }

    @Test
    void monoAt48000StaysMonoAndBecomesValidOpus() throws Exception {
        Path original = MediaTools.REAL_VORBIS.resolve("mono-48k-sweep-q0.ogg");
        transcodeAndCheck(original, Files.readAllBytes(original), 0, 1);
    }

    @Test
    void streamBehindAPrefixIsReadFromTheGivenOffset() throws Exception {
        Path original = MediaTools.REAL_VORBIS.resolve("stereo-3s-q3.ogg");
        byte[] plain = Files.readAllBytes(original);
        byte[] prefixed = new byte[167 + plain.length];
        Arrays.fill(prefixed, 0, 167, (byte) 0x5A);
        System.arraycopy(plain, 0, prefixed, 167, plain.length);
        transcodeAndCheck(original, prefixed, 167, 2);
    }

    @Test
    void moreThanTwoChannelsAreDownmixedToStereo() throws Exception {
        byte[] surround = MediaTools.lavfiVorbis(dir, "surround-5.1.ogg", 6, 48000, 2.0);
        transcodeAndCheck(dir.resolve("surround-5.1.ogg"), surround, 0, 2);
    }

    @Test
    void averageBitrateOfALongerTrackAt75IsWithin55To95Kbits() throws Exception {
        Path original = original("synthetic-25s.ogg", longSynthetic);
        Map<String, String> probe = transcodeAndCheck(original, longSynthetic, 0, 2);
        Path out = dir.resolve("synthetic-25s.ogg.opus.ogg");
        double seconds = Double.parseDouble(probe.get("format.duration"));
        double kbits = Files.size(out) * 8 / seconds / 1000;
        assertTrue(kbits >= 55 && kbits <= 95, "average bitrate " + kbits + " kbit/s for 75");
    }

    @Test
    void sameInputGivesTheSameBytesWithTheOriginalsSerial() throws Exception {
        byte[] plain = Files.readAllBytes(MediaTools.REAL_VORBIS.resolve("stereo-3s-q3.ogg"));
        Path a = dir.resolve("a.opus.ogg");
        Path b = dir.resolve("b.opus.ogg");
        transcoder().transcode(plain, 0, 75, a);
        transcoder().transcode(plain, 0, 75, b);
        assertTrue(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)), "two transcodes of one input differ");
        int serial = org.longplay.ogg.OggPage.parse(Files.readAllBytes(a), 0, "page 0").serial();
        assertEquals(1004, serial, "the original's serial (see the fixture README)");
    }

    @Test
    void truncatedOriginalFailsWithThePositionAndLeavesNoOutput() throws Exception {
        byte[] whole = Files.readAllBytes(MediaTools.REAL_VORBIS.resolve("stereo-3s-q3.ogg"));
        byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);
        Path out = dir.resolve("cut.opus.ogg");
        Files.writeString(out, "stale partial output");
        TranscodeException e = assertThrows(TranscodeException.class, () -> transcoder().transcode(cut, 0, 75, out));
        assertEquals(TranscodeException.Kind.DECODE, e.kind());
        long at = e.byteOffset().orElseThrow(); // where the stream breaks: its end, inside the last page
        assertTrue(at > 0 && at <= cut.length, e.getMessage());
        assertTrue(e.getMessage().contains("truncated at byte " + cut.length), e.getMessage());
        assertFalse(Files.exists(out), "partial output left behind");
    }

    @Test
    void damagedPageFailsWithThePositionAndLeavesNoOutput() throws Exception {
        byte[] bytes = Files.readAllBytes(MediaTools.REAL_VORBIS.resolve("stereo-3s-q3.ogg"));
        int middle = bytes.length / 2;
        bytes[middle] ^= 0x55; // the page's CRC no longer matches
        Path out = dir.resolve("damaged.opus.ogg");
        Files.writeString(out, "stale partial output");
        TranscodeException e = assertThrows(TranscodeException.class, () -> transcoder().transcode(bytes, 0, 75, out));
        assertEquals(TranscodeException.Kind.DECODE, e.kind());
        assertTrue(e.getMessage().contains("bad CRC"), e.getMessage());
        assertTrue(e.byteOffset().orElseThrow() <= middle, e.getMessage());
        assertFalse(Files.exists(out), "partial output left behind");
    }

    @Test
    void undecodableAudioMidFileFailsWithThePositionAndLeavesNoOutput() throws Exception {
        byte[] bytes = Files.readAllBytes(MediaTools.REAL_VORBIS.resolve("stereo-3s-q3.ogg"));
        // the fourth page (audio, about 1 s in): every byte of its body set to 0xFF, CRC resealed, so the
        // framing is intact but its packets are not Vorbis audio packets (their first bit is 1)
        int pos = 0;
        for (int page = 0; page < 3; page++) {
            pos = org.longplay.ogg.OggPage.parse(bytes, pos, "page").end();
        }
        org.longplay.ogg.OggPage page = org.longplay.ogg.OggPage.parse(bytes, pos, "page 3");
        Arrays.fill(bytes, page.bodyOffset(), page.end(), (byte) 0xFF);
        org.longplay.ogg.OggCrc.seal(bytes, pos, page.totalLength());
        Path out = dir.resolve("undecodable.opus.ogg");
        TranscodeException e = assertThrows(TranscodeException.class, () -> transcoder().transcode(bytes, 0, 75, out));
        assertEquals(TranscodeException.Kind.DECODE, e.kind(), e.getMessage());
        assertDecodePosition(e, pos);
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7F || c == '\n'), "readable reason: " + e.getMessage());
        assertFalse(Files.exists(out), "partial output left behind");
    }

    /** How precisely the implementation can place a decoder error found after framing passed. */
    abstract void assertDecodePosition(TranscodeException e, int damagedPageOffset);

    @Test
    void bytesThatAreNotOggFailAsADecodeError() throws Exception {
        Path out = dir.resolve("noise.opus.ogg");
        byte[] noise = new byte[5000];
        new java.util.Random(1).nextBytes(noise);
        TranscodeException e = assertThrows(TranscodeException.class, () -> transcoder().transcode(noise, 0, 75, out));
        assertEquals(TranscodeException.Kind.DECODE, e.kind());
        assertFalse(Files.exists(out));
    }

    @Test
    void unwritableOutputIsAnEncoderFailure() throws Exception {
        byte[] plain = Files.readAllBytes(MediaTools.REAL_VORBIS.resolve("mono-440-q2.ogg"));
        Path out = dir.resolve("no-such-dir").resolve("x.opus.ogg");
        TranscodeException e = assertThrows(TranscodeException.class, () -> transcoder().transcode(plain, 0, 75, out));
        assertEquals(TranscodeException.Kind.ENCODE, e.kind());
        assertFalse(Files.exists(out));
    }

    @Test
    void outputPathMayHoldAnyCharacters() throws Exception {
        byte[] plain = Files.readAllBytes(MediaTools.REAL_VORBIS.resolve("mono-440-q2.ogg"));
        Path out = Files.createDirectories(dir.resolve("Beyoncé: 東京 #1?")).resolve("01 Ärger – x.ogg");
        transcoder().transcode(plain, 0, 75, out);
        MediaTools.assertOpusinfoClean(out);
    }

    @Test
    void outputCarriesNoTagsFromTheOriginal() throws Exception {
        Path original = MediaTools.REAL_VORBIS.resolve("stereo-chord-q5.ogg");
        Path out = dir.resolve("tags.opus.ogg");
        transcoder().transcode(Files.readAllBytes(original), 0, 75, out);
        Map<String, String> probe = MediaTools.probe(out);
        assertFalse(probe.keySet().stream().anyMatch(k -> k.toUpperCase(java.util.Locale.ROOT).matches(".*TAGS_(TITLE|ARTIST|ALBUM)")),
                () -> "tags carried over: " + probe);
    }
}
