package org.longplay.transcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.longplay.ogg.CorruptOriginalException;
import org.longplay.ogg.OggPage;

/** Channels, pre-skip and length of an Ogg Opus file, from its OpusHead and last granule position. */
record OggOpusInfo(int channels, int preSkip, long lastGranule) {
    /** Samples at 48 kHz the file plays: the last granule position minus the pre-skip. */
    long samples48k() {
        return Math.max(0, lastGranule - preSkip);
    }

    static OggOpusInfo read(Path file) throws IOException, TranscodeException {
        byte[] data = Files.readAllBytes(file);
        try {
            OggPage first = OggPage.parse(data, 0, "page 0");
            int b = first.bodyOffset();
            if (first.bodyLength() < 19 || !new String(data, b, 8, java.nio.charset.StandardCharsets.US_ASCII).equals("OpusHead")) {
                throw TranscodeException.encode("output is not Ogg Opus: no OpusHead in " + file);
            }
            int channels = data[b + 9] & 0xFF;
            int preSkip = (data[b + 10] & 0xFF) | (data[b + 11] & 0xFF) << 8;
            long granule = 0;
            for (int pos = 0; pos < data.length; ) {
                OggPage p = OggPage.parse(data, pos, "output page");
                if (p.granule() != OggPage.NO_GRANULE) {
                    granule = p.granule();
                }
                pos = p.end();
            }
            return new OggOpusInfo(channels, preSkip, granule);
        } catch (CorruptOriginalException e) {
            throw TranscodeException.encode("unreadable output " + file + ": " + e.reason());
        }
    }
}
