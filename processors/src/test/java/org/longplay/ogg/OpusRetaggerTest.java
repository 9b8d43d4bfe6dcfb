package org.longplay.ogg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longplay.tags.TagField;
import org.longplay.tags.VorbisCommentPackets;

/** OpusTags rewritten on a file Debian's ffmpeg/libopus encoded: audio pages untouched, tools agree. */
class OpusRetaggerTest {

    private static Path opusFile(Path dir) throws Exception {
        Path vorbis = dir.resolve("in.ogg");
        Files.write(vorbis, OggTestFiles.plain());
        Path opus = dir.resolve("in.opus");
        OggTestFiles.run(dir, "ffmpeg", "-v", "error", "-i", vorbis.toString(), "-c:a", "libopus", "-b:a", "75k",
                "-ar", "48000", "-metadata", "ARTIST=joined;by;ffmpeg", opus.toString());
        return opus;
    }

    private static List<TagField> tags(int pictureSide) throws Exception {
        List<TagField> tags = new ArrayList<>(List.of(new TagField("TITLE", "Ägætis"), new TagField("ARTIST", "A"),
                new TagField("ARTIST", "B"), new TagField("R128_TRACK_GAIN", "-2944")));
        if (pictureSide > 0) { // a noisy PNG: a few hundred KB, many header pages
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(pictureSide, pictureSide,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.util.Random random = new java.util.Random(1);
            for (int y = 0; y < pictureSide; y++) {
                for (int x = 0; x < pictureSide; x++) {
                    image.setRGB(x, y, random.nextInt());
                }
            }
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", png);
            tags.add(new TagField("METADATA_BLOCK_PICTURE", org.longplay.tags.CoverPicture.of(png.toByteArray()).base64Block()));
        }
        return tags;
    }

    @Test
    void newTagsReplaceTheEncodersAndEveryAudioPageStays(@TempDir Path dir) throws Exception {
        byte[] encoded = Files.readAllBytes(opusFile(dir));
        OggOpus before = OggOpus.inspect(encoded);
        for (int picture : new int[] {0, 320}) { // the same page count, and many more header pages
            byte[] retagged = OpusRetagger.retag(before, VorbisCommentPackets.opus(before.vendor(), tags(picture)));
            OggOpus after = OggOpus.inspect(retagged);
            assertEquals(before.audioDigest(), after.audioDigest(), "payload, granule and lacing of every audio page");
            assertEquals(before.seconds(), after.seconds());
            assertEquals(List.of("TITLE=Ägætis", "ARTIST=A", "ARTIST=B", "R128_TRACK_GAIN=-2944"), after.comments().subList(0, 4));
            Path out = dir.resolve("out-" + picture + ".opus");
            Files.write(out, retagged);
            String info = OggTestFiles.run(dir, "opusinfo", out.toString());
            assertFalse(info.contains("WARNING"), info);
            assertEquals(OggTestFiles.run(dir, "ffmpeg", "-v", "error", "-i", dir.resolve("in.opus").toString(), "-map", "0:a", "-f", "md5", "-"),
                    OggTestFiles.run(dir, "ffmpeg", "-v", "error", "-i", out.toString(), "-map", "0:a", "-f", "md5", "-"),
                    "decoded audio identical (only the audio: FFmpeg shows a cover as a video stream)");
        }
    }

    @Test
    void headFactsAreReadFromOpusHead(@TempDir Path dir) throws Exception {
        OggOpus opus = OggOpus.inspect(Files.readAllBytes(opusFile(dir)));
        assertEquals(2, opus.channels());
        assertEquals(0, opus.outputGain());
        assertTrue(opus.preSkip() > 0);
        assertEquals(1.5, opus.seconds(), 0.05);
    }

    @Test
    void aTruncatedOpusFileIsRefusedWithTheByte(@TempDir Path dir) throws Exception {
        byte[] encoded = Files.readAllBytes(opusFile(dir));
        byte[] cut = java.util.Arrays.copyOf(encoded, encoded.length - 100);
        CorruptOriginalException e = assertThrows(CorruptOriginalException.class, () -> OggOpus.inspect(cut));
        assertTrue(e.getMessage().startsWith("truncated at byte " + cut.length), e.getMessage());
    }
}
