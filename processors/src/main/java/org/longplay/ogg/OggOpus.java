package org.longplay.ogg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An Ogg Opus file (RFC 7845) as an encoder wrote it, checked page by page: one logical stream,
 * valid CRCs, consecutive sequence numbers, BOS first and EOS last; the OpusHead packet alone on
 * the first page; the OpusTags packet next, ending its page. Holds what {@link OpusRetagger} needs
 * to replace the tags without touching an audio page.
 */
public final class OggOpus {
    private static final byte[] OPUS_HEAD = "OpusHead".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPUS_TAGS = "OpusTags".getBytes(StandardCharsets.US_ASCII);
    private static final String TAGS = "OpusTags packet";

    private final byte[] file;
    private final byte[] headPacket;
    private final byte[] tagsPacket;
    private final int headPageLength;
    private final int serial;
    private final int headerPageCount;
    private final int firstAudioOffset;
    private final long lastGranule;
    private final String vendor;
    private final java.util.List<String> comments;

    private OggOpus(byte[] file, byte[] headPacket, byte[] tagsPacket, int headPageLength, int serial, int headerPageCount,
            int firstAudioOffset, long lastGranule) throws CorruptOriginalException {
        this.file = file;
        this.headPacket = headPacket;
        this.tagsPacket = tagsPacket;
        this.headPageLength = headPageLength;
        this.serial = serial;
        this.headerPageCount = headerPageCount;
        this.firstAudioOffset = firstAudioOffset;
        this.lastGranule = lastGranule;
        java.util.List<String> parsed = new java.util.ArrayList<>();
        VorbisCommentPacket.readComments(tagsPacket, OPUS_TAGS.length, TAGS, parsed);
        this.comments = java.util.List.copyOf(parsed);
        this.vendor = VorbisCommentPacket.vendorAt(tagsPacket, OPUS_TAGS.length, TAGS);
    }

    /** Checks the whole file; the reason of a failure names the page and byte. */
    public static OggOpus inspect(byte[] file) throws CorruptOriginalException {
        if (file.length == 0) {
            throw new CorruptOriginalException("empty file");
        }
        if (!OggPage.hasCapturePattern(file, 0)) {
            throw new CorruptOriginalException("not an Ogg stream");
        }
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        byte[] head = null;
        byte[] tags = null;
        int headPageLength = 0;
        int headerPages = 0;
        int firstAudio = -1;
        int serial = 0;
        long lastGranule = 0;
        int sequence = 0;
        boolean eos = false;
        for (int pos = 0; pos < file.length; sequence++) {
            String label = "page " + sequence;
            if (eos) {
                throw new CorruptOriginalException("data after the end-of-stream page at byte " + pos);
            }
            OggPage page = OggPage.parse(file, pos, label);
            if (!page.crcValid()) {
                throw new CorruptOriginalException("bad CRC on " + label + " at byte " + pos);
            }
            if (sequence == 0) {
                if (!page.isBos()) {
                    throw new CorruptOriginalException("first page lacks the beginning-of-stream flag");
                }
                serial = page.serial();
            } else if (page.serial() != serial || page.isBos()) {
                throw new CorruptOriginalException("second logical stream at byte " + pos + " (chained or multiplexed Ogg is not supported)");
            }
            if (page.sequence() != sequence) {
                throw new CorruptOriginalException("page sequence gap at byte " + pos + ": expected page " + sequence + ", found " + page.sequence());
            }
            eos = page.isEos();
            if (tags == null) { // still in the headers: gather packets
                int body = page.bodyOffset();
                for (int i = 0; i < page.segmentCount(); i++) {
                    int lacing = page.lacing(i);
                    packet.write(file, body, lacing);
                    body += lacing;
                    if (lacing < 255) {
                        byte[] done = packet.toByteArray();
                        packet.reset();
                        if (head == null) {
                            if (!startsWith(done, OPUS_HEAD) || done.length < 19 || i != page.segmentCount() - 1) {
                                throw new CorruptOriginalException("no OpusHead packet alone on the first page");
                            }
                            head = done;
                            headPageLength = page.totalLength();
                        } else {
                            if (!startsWith(done, OPUS_TAGS)) {
                                throw new CorruptOriginalException("no OpusTags packet after OpusHead (page " + sequence + ")");
                            }
                            if (i != page.segmentCount() - 1) {
                                throw new CorruptOriginalException("OpusTags does not end its page (page " + sequence + ")");
                            }
                            tags = done;
                        }
                    }
                }
                headerPages++;
            } else {
                if (firstAudio < 0) {
                    firstAudio = pos;
                }
                if (page.granule() != OggPage.NO_GRANULE) {
                    lastGranule = page.granule();
                }
            }
            pos = page.end();
        }
        if (tags == null) {
            throw new CorruptOriginalException("the stream ends inside the Opus headers");
        }
        if (firstAudio < 0) {
            throw new CorruptOriginalException("no audio pages after the Opus headers");
        }
        if (!eos) {
            throw new CorruptOriginalException("truncated at byte " + file.length + ": no end-of-stream page");
        }
        return new OggOpus(file, head, tags, headPageLength, serial, headerPages, firstAudio, lastGranule);
    }

    private static boolean startsWith(byte[] data, byte[] magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (data[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Channel count from OpusHead. */
    public int channels() {
        return headPacket[9] & 0xFF;
    }

    /** Samples (at 48 kHz) the decoder drops at the start. */
    public int preSkip() {
        return (headPacket[10] & 0xFF) | (headPacket[11] & 0xFF) << 8;
    }

    /** The sample rate of the encoder's input, as OpusHead records it (information only). */
    public long inputSampleRate() {
        return OggPage.readIntLE(headPacket, 12) & 0xFFFFFFFFL;
    }

    /** OpusHead's output gain (Q7.8 dB). */
    public int outputGain() {
        return (short) ((headPacket[16] & 0xFF) | (headPacket[17] & 0xFF) << 8);
    }

    /** Samples (at 48 kHz) the file plays: the last granule minus the pre-skip. */
    public long samples48k() {
        return Math.max(0, lastGranule - preSkip());
    }

    /** Playing time in seconds: the last granule minus the pre-skip, at 48 kHz. */
    public double seconds() {
        return (lastGranule - preSkip()) / 48_000.0;
    }

    public byte[] tagsPacket() {
        return tagsPacket.clone();
    }

    /** The vendor string of the OpusTags packet. */
    public String vendor() {
        return vendor;
    }

    /** The comments of the OpusTags packet, in order ("KEY=value"). */
    public java.util.List<String> comments() {
        return comments;
    }

    /** A digest of the audio pages (payload, granule, lacing, flags, serial): equal before and after a retag. */
    public String audioDigest() {
        return OriginalOgg.audioDigest(file, firstAudioOffset);
    }

    HeaderRewrite.Layout layout() {
        return new HeaderRewrite.Layout(file, 0, headPageLength, serial, headerPageCount, firstAudioOffset);
    }
}
