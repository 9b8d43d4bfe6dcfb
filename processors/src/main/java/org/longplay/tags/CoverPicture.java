package org.longplay.tags;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * A front cover as a FLAC picture block (the value of {@code METADATA_BLOCK_PICTURE}, base64).
 * MIME type, width, height and colour depth are read from the image itself, not trusted from the
 * catalogue: image headers only, the pixels are not decoded.
 */
public record CoverPicture(String mimeType, int width, int height, int depth, byte[] data) {
    /** Picture type 3: front cover. */
    static final int FRONT_COVER = 3;

    /** Reads the image's header; an unreadable image is an {@link IOException} naming why. */
    public static CoverPicture of(byte[] image) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not an image format this JVM reads (JPEG, PNG, GIF, BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String[] mimes = reader.getOriginatingProvider().getMIMETypes();
                String mime = mimes.length > 0 ? mimes[0] : "image/" + reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                int depth = types.hasNext() ? types.next().getColorModel().getPixelSize() : 0;
                return new CoverPicture(mime, reader.getWidth(0), reader.getHeight(0), depth, image);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The FLAC METADATA_BLOCK_PICTURE structure (big-endian), base64-encoded as Vorbis comments carry it. */
    public String base64Block() {
        byte[] mime = mimeType.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(32 + mime.length + data.length);
        b.putInt(FRONT_COVER);
        b.putInt(mime.length).put(mime);
        b.putInt(0); // empty description
        b.putInt(width).putInt(height).putInt(depth);
        b.putInt(0); // not an indexed-colour image
        b.putInt(data.length).put(data);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
