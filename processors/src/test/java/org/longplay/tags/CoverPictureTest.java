package org.longplay.tags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The METADATA_BLOCK_PICTURE value (FLAC picture block, base64). */
class CoverPictureTest {
    /** An RGB image of the given size in the given ImageIO format, made here. */
    static byte[] image(String format, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "no ImageIO writer for " + format);
        return out.toByteArray();
    }

    @Test
    void aPngIsReadAsImagePngWithItsSizeAndDepth() throws IOException {
        byte[] png = image("png", 64, 48);
        CoverPicture cover = CoverPicture.of(png);
        assertEquals("image/png", cover.mimeType());
        assertEquals(64, cover.width());
        assertEquals(48, cover.height());
        assertTrue(cover.depth() > 0, "depth " + cover.depth());
        assertArrayEquals(png, cover.data());
    }

    @Test
    void aJpegIsReadAsImageJpegWithItsSizeAndDepth() throws IOException {
        byte[] jpeg = image("jpeg", 64, 48);
        CoverPicture cover = CoverPicture.of(jpeg);
        assertEquals("image/jpeg", cover.mimeType());
        assertEquals(64, cover.width());
        assertEquals(48, cover.height());
        assertEquals(24, cover.depth());
    }

    @Test
    void base64BlockDecodesToTheFlacPictureStructure() throws IOException {
        for (String format : new String[] {"png", "jpeg"}) {
            byte[] data = image(format, 64, 48);
            CoverPicture cover = CoverPicture.of(data);
            ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(cover.base64Block())); // big-endian
            assertEquals(3, b.getInt(), "picture type: front cover");
            byte[] mime = new byte[b.getInt()];
            b.get(mime);
            assertEquals("image/" + format, new String(mime, StandardCharsets.US_ASCII));
            assertEquals(0, b.getInt(), "empty description");
            assertEquals(64, b.getInt());
            assertEquals(48, b.getInt());
            assertEquals(cover.depth(), b.getInt());
            assertTrue(cover.depth() > 0);
            assertEquals(0, b.getInt(), "colours: not indexed");
            int length = b.getInt();
            assertEquals(data.length, length);
            byte[] picture = new byte[length];
            b.get(picture);
            assertArrayEquals(data, picture);
            assertEquals(0, b.remaining(), "nothing after the picture data");
        }
    }

    @Test
    void garbageBytesAreAnIOException() {
        byte[] garbage = new byte[500];
        new Random(3).nextBytes(garbage);
        assertThrows(IOException.class, () -> CoverPicture.of(garbage));
        assertThrows(IOException.class, () -> CoverPicture.of(new byte[0]));
        assertThrows(IOException.class, () -> CoverPicture.of("<html>not an image</html>".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aTruncatedImageIsAnIOExceptionNotARuntimeException() throws IOException {
        byte[] png = image("png", 64, 48);
        assertThrows(IOException.class, () -> CoverPicture.of(Arrays.copyOf(png, 12)));
        byte[] jpeg = image("jpeg", 64, 48);
        assertThrows(IOException.class, () -> CoverPicture.of(Arrays.copyOf(jpeg, 4)));
    }
}
