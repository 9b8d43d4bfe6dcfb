package org.longplay.ogg;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An original, validated page by page: optionally Spotify's 167-byte prefix page, then exactly one
 * Ogg Vorbis logical stream. {@link #inspect(byte[])} walks every page of the file (the only way to
 * see truncation: decoders play a truncated file without complaint) and checks each CRC in the
 * same pass.
 *
 * <p>The result keeps a reference to the file's bytes, without copying the audio; callers must
 * not change the array afterwards.
 */
public final class OriginalOgg {
    private static final int IDENTIFICATION_LENGTH = 30;

    private final byte[] file;
    private final ReplayGain replayGain;
    private final int vorbisOffset;
    private final int identificationPageLength;
    private final byte[] identification;
    private final byte[] comment;
    private final byte[] setup;
    private final String vendor;
    private final int channels;
    private final long sampleRate;
    private final int firstAudioOffset;
    private final int headerPageCount;
    private final int audioPageCount;
    private final int serial;
    private final long lastGranule;

    private OriginalOgg(byte[] file, ReplayGain replayGain, int vorbisOffset, int identificationPageLength,
            byte[][] headers, String vendor, int firstAudioOffset, int headerPageCount, int audioPageCount,
            int serial, long lastGranule) {
        this.file = file;
        this.replayGain = replayGain;
        this.vorbisOffset = vorbisOffset;
        this.identificationPageLength = identificationPageLength;
        this.identification = headers[0];
        this.comment = headers[1];
        this.setup = headers[2];
        this.vendor = vendor;
        this.channels = identification[11] & 0xFF;
        this.sampleRate = OggPage.readIntLE(identification, 12) & 0xFFFFFFFFL;
        this.firstAudioOffset = firstAudioOffset;
        this.headerPageCount = headerPageCount;
        this.audioPageCount = audioPageCount;
        this.serial = serial;
        this.lastGranule = lastGranule;
    }

    /**
     * Validates the whole file and describes it.
     *
     * @throws CorruptOriginalException with the precise reason when the file is not a complete,
     *     intact Ogg Vorbis stream (optionally behind a valid Spotify prefix)
     */
    public static OriginalOgg inspect(byte[] file) throws CorruptOriginalException {
        if (file.length == 0) {
            throw new CorruptOriginalException("empty file");
        }
        if (!OggPage.hasCapturePattern(file, 0)) {
            throw new CorruptOriginalException("not an Ogg stream");
        }
        OggPage first = OggPage.parse(file, 0, "first page");
        if (isIdentificationPage(first)) {
            return walkVorbisStream(file, 0, null);
        }
        if (looksLikePrefix(first)) {
            checkPrefix(first);
            // only now, with the page proven intact, are the gains worth anything
            return walkVorbisStream(file, SpotifyPrefix.LENGTH, SpotifyPrefix.gains(file));
        }
        throw new CorruptOriginalException("no Vorbis identification header: the first page (byte 0, header type "
                + hex(first.headerType()) + ", " + first.totalLength() + " bytes) is neither Vorbis nor a Spotify prefix");
    }

    /**
     * Checks a plain Vorbis stream that starts at {@code offset} of {@code data} (no prefix detection:
     * for callers that already skipped it), with the same whole-stream walk as {@link #inspect}.
     */
    public static OriginalOgg inspectStream(byte[] data, int offset) throws CorruptOriginalException {
        if (offset < 0 || offset >= data.length) {
            throw new CorruptOriginalException("no Vorbis stream at byte " + offset + " of a " + data.length + "-byte input");
        }
        if (!OggPage.hasCapturePattern(data, offset)) {
            throw new CorruptOriginalException("not an Ogg stream at byte " + offset);
        }
        if (!isIdentificationPage(OggPage.parse(data, offset, "page 0"))) {
            throw new CorruptOriginalException("no Vorbis identification header at byte " + offset);
        }
        return walkVorbisStream(data, offset, null);
    }

    // A first page that is not Vorbis is taken for a (possibly damaged) prefix when it has the
    // prefix's length or header type; anything else (Opus, FLAC, ...) is simply not Vorbis.
    private static boolean looksLikePrefix(OggPage page) {
        return page.totalLength() == SpotifyPrefix.LENGTH || page.headerType() == SpotifyPrefix.HEADER_TYPE;
    }

    private static void checkPrefix(OggPage page) throws CorruptOriginalException {
        if (page.headerType() != SpotifyPrefix.HEADER_TYPE) {
            throw new CorruptOriginalException("prefix page has header type " + hex(page.headerType())
                    + ", expected BOS|EOS (0x06)");
        }
        if (page.totalLength() != SpotifyPrefix.LENGTH) {
            throw new CorruptOriginalException("prefix page is " + page.totalLength() + " bytes long, expected "
                    + SpotifyPrefix.LENGTH);
        }
        if (page.segmentCount() != 1) {
            throw new CorruptOriginalException("prefix page has " + page.segmentCount() + " segments, expected 1");
        }
        if (!page.crcValid()) {
            throw new CorruptOriginalException("bad CRC on prefix page");
        }
    }

    private static boolean isIdentificationPage(OggPage page) {
        return startsWithVorbisMagic(page.data(), page.bodyOffset(), page.bodyLength(), 1);
    }

    /** Whether {@code data[offset, offset + length)} starts with {@code type} followed by "vorbis". */
    static boolean startsWithVorbisMagic(byte[] data, int offset, int length, int type) {
        return length >= 7 && data[offset] == type && data[offset + 1] == 'v' && data[offset + 2] == 'o'
                && data[offset + 3] == 'r' && data[offset + 4] == 'b' && data[offset + 5] == 'i'
                && data[offset + 6] == 's';
    }

    /** One pass over the Vorbis stream's pages: framing, CRC, sequence, headers, end of stream. */
    private static OriginalOgg walkVorbisStream(byte[] file, int start, ReplayGain gains)
            throws CorruptOriginalException {
        if (start == file.length) {
            throw new CorruptOriginalException("no Vorbis identification header: the file ends after the prefix page");
        }
        HeaderCollector headers = new HeaderCollector();
        int pos = start;
        int index = 0;
        int serial = 0;
        boolean packetOpen = false;
        int headerPages = 0;
        int firstAudio = -1;
        int audioPages = 0;
        while (true) {
            if (pos == file.length) {
                throw new CorruptOriginalException("truncated at byte " + pos + ": no end-of-stream page (last page is "
                        + (index - 1) + ")");
            }
            OggPage page = OggPage.parse(file, pos, "page " + index);
            if (!page.crcValid()) {
                throw new CorruptOriginalException("bad CRC on page " + index + " at byte " + pos);
            }
            if (index == 0) {
                serial = page.serial();
                if (!page.isBos()) {
                    throw new CorruptOriginalException("first Vorbis page at byte " + pos
                            + " lacks the beginning-of-stream flag");
                }
            } else if (page.serial() != serial || page.isBos()) {
                throw secondStream(pos);
            }
            if (page.sequence() != index) {
                throw new CorruptOriginalException("page sequence gap at byte " + pos + ": expected page " + index
                        + ", found " + Integer.toUnsignedString(page.sequence()));
            }
            checkContinuation(page, index, packetOpen);
            if (!headers.complete()) {
                headers.take(page, index);
                if (headers.complete()) {
                    headerPages = index + 1;
                    firstAudio = page.end();
                }
            } else {
                audioPages++;
            }
            if (page.segmentCount() > 0) {
                packetOpen = page.endsInsidePacket();
            }
            if (page.isEos()) {
                checkNothingAfterEnd(file, page.end());
                headers.checkComplete(index);
                if (audioPages == 0) {
                    throw new CorruptOriginalException("no audio pages after the Vorbis headers");
                }
                return new OriginalOgg(file, gains, start, headers.identificationPageLength, headers.packets,
                        headers.vendor, firstAudio, headerPages, audioPages, serial, page.granule());
            }
            pos = page.end();
            index++;
        }
    }

    private static CorruptOriginalException secondStream(int pos) {
        return new CorruptOriginalException("second logical stream at byte " + pos
                + " (chained or multiplexed Ogg is not supported)");
    }

    // The continuation flag must agree with the previous page: otherwise a decoder drops packets.
    private static void checkContinuation(OggPage page, int index, boolean packetOpen)
            throws CorruptOriginalException {
        if (page.isContinuation() && !packetOpen) {
            throw new CorruptOriginalException("page " + index + " at byte " + page.offset()
                    + " is flagged as continuing a packet, but no packet is open");
        }
        if (!page.isContinuation() && packetOpen) {
            throw new CorruptOriginalException("page " + index + " at byte " + page.offset()
                    + " does not continue the packet left open by the page before");
        }
    }

    private static void checkNothingAfterEnd(byte[] file, int end) throws CorruptOriginalException {
        if (end == file.length) {
            return;
        }
        if (startsNewStream(file, end)) {
            throw secondStream(end);
        }
        throw new CorruptOriginalException("trailing data after the end-of-stream page: " + (file.length - end)
                + " bytes at byte " + end);
    }

    private static boolean startsNewStream(byte[] file, int offset) {
        try {
            return OggPage.parse(file, offset, "page after the end of stream").isBos();
        } catch (CorruptOriginalException notAPage) {
            return false;
        }
    }

    /** Gathers the three Vorbis header packets from the first pages and checks their placement. */
    private static final class HeaderCollector {
        final byte[][] packets = new byte[3][];
        final ByteArrayOutputStream current = new ByteArrayOutputStream();
        int count;
        int identificationPageLength;
        String vendor;

        boolean complete() {
            return count == 3;
        }

        void take(OggPage page, int index) throws CorruptOriginalException {
            if (index == 0) {
                takeIdentificationPage(page);
                return;
            }
            byte[] data = page.data();
            int body = page.bodyOffset();
            for (int i = 0; i < page.segmentCount(); i++) {
                int lacing = page.lacing(i);
                current.write(data, body, lacing);
                body += lacing;
                if (lacing < 255) {
                    finishPacket(page, index, i);
                    if (complete()) {
                        return;
                    }
                }
            }
        }

        // Vorbis I: the identification header is alone on the first page.
        private void takeIdentificationPage(OggPage page) throws CorruptOriginalException {
            if (!isIdentificationPage(page)) {
                throw new CorruptOriginalException("no Vorbis identification header at byte " + page.offset());
            }
            int n = page.segmentCount();
            for (int i = 0; i < n - 1; i++) {
                if (page.lacing(i) < 255) {
                    throw new CorruptOriginalException("Vorbis identification header is not alone on its page");
                }
            }
            if (page.lacing(n - 1) == 255) {
                throw new CorruptOriginalException("Vorbis identification header does not end its page");
            }
            byte[] packet = Arrays.copyOfRange(page.data(), page.bodyOffset(), page.end());
            checkIdentification(packet);
            packets[0] = packet;
            identificationPageLength = page.totalLength();
            count = 1;
        }

        private void finishPacket(OggPage page, int index, int segment) throws CorruptOriginalException {
            byte[] packet = current.toByteArray();
            current.reset();
            if (count == 1) {
                if (!startsWithVorbisMagic(packet, 0, packet.length, 3)) {
                    throw new CorruptOriginalException("no Vorbis comment header: the second packet (ending on page "
                            + index + " at byte " + page.offset() + ") is not one");
                }
                VorbisCommentPacket.parse(packet);
                vendor = VorbisCommentPacket.vendor(packet);
            } else {
                if (!startsWithVorbisMagic(packet, 0, packet.length, 5)) {
                    throw new CorruptOriginalException("no Vorbis setup header: the third packet (ending on page "
                            + index + " at byte " + page.offset() + ") is not one");
                }
                // Vorbis I: the first audio packet starts on a fresh page
                if (segment != page.segmentCount() - 1) {
                    throw new CorruptOriginalException("setup header does not end its page (page " + index
                            + " at byte " + page.offset() + ")");
                }
            }
            packets[count++] = packet;
        }

        void checkComplete(int lastIndex) throws CorruptOriginalException {
            if (count == 1) {
                throw new CorruptOriginalException("no Vorbis comment header: the stream ends at page " + lastIndex);
            }
            if (count == 2) {
                throw new CorruptOriginalException("no Vorbis setup header: the stream ends at page " + lastIndex);
            }
        }
    }

    private static void checkIdentification(byte[] packet) throws CorruptOriginalException {
        if (packet.length < IDENTIFICATION_LENGTH) {
            throw new CorruptOriginalException("bad Vorbis identification header: " + packet.length
                    + " bytes, expected " + IDENTIFICATION_LENGTH);
        }
        int version = OggPage.readIntLE(packet, 7);
        if (version != 0) {
            throw new CorruptOriginalException("bad Vorbis identification header: Vorbis version " + version);
        }
        if ((packet[11] & 0xFF) == 0) {
            throw new CorruptOriginalException("bad Vorbis identification header: 0 channels");
        }
        if (OggPage.readIntLE(packet, 12) == 0) {
            throw new CorruptOriginalException("bad Vorbis identification header: sample rate 0");
        }
        if ((packet[29] & 1) == 0) {
            throw new CorruptOriginalException("bad Vorbis identification header: framing bit missing");
        }
    }

    private static String hex(int value) {
        return String.format("0x%02x", value);
    }

    /** Whether the file starts with Spotify's prefix page. */
    public boolean hasPrefix() {
        return vorbisOffset > 0;
    }

    /** A copy of the 167-byte prefix page, or null for a plain Vorbis file. */
    public byte[] prefix() {
        return hasPrefix() ? Arrays.copyOfRange(file, 0, SpotifyPrefix.LENGTH) : null;
    }

    /** A copy of the prefix page's packet (its 139-byte body), or null for a plain Vorbis file. */
    public byte[] prefixPacket() {
        return hasPrefix() ? Arrays.copyOfRange(file, SpotifyPrefix.HEADER_LENGTH, SpotifyPrefix.LENGTH) : null;
    }

    /** The prefix's gains (its CRC verified), or null for a plain Vorbis file. */
    public ReplayGain replayGain() {
        return replayGain;
    }

    /** File offset of the Vorbis stream: 0, or 167 behind the prefix. */
    public int vorbisOffset() {
        return vorbisOffset;
    }

    /** A copy of the identification header packet ("\x01vorbis"...). */
    public byte[] identificationPacket() {
        return identification.clone();
    }

    /** A copy of the comment header packet, "\x03vorbis" and framing bit included. */
    public byte[] commentPacket() {
        return comment.clone();
    }

    /** A copy of the setup header packet ("\x05vorbis"...). */
    public byte[] setupPacket() {
        return setup.clone();
    }

    /** The vendor string of the comment header. */
    public String vendor() {
        return vendor;
    }

    /** The "NAME=value" comments of the comment header. */
    public List<String> comments() {
        try {
            return VorbisCommentPacket.comments(comment);
        } catch (CorruptOriginalException checkedOnInspection) {
            throw new IllegalStateException(checkedOnInspection);
        }
    }

    /** Channels, from the identification header. */
    public int channels() {
        return channels;
    }

    /** Sample rate in Hz, from the identification header. */
    public long sampleRate() {
        return sampleRate;
    }

    /** File offset of the first audio page (the page after the setup header's page). */
    public int firstAudioOffset() {
        return firstAudioOffset;
    }

    /** Pages holding the three header packets, identification page included. */
    public int headerPageCount() {
        return headerPageCount;
    }

    /** Pages after the header pages, up to and including the end-of-stream page. */
    public int audioPageCount() {
        return audioPageCount;
    }

    /** Serial number of the Vorbis stream. */
    public int serial() {
        return serial;
    }

    /** Granule position of the end-of-stream page: the stream's length in samples per channel. */
    public long lastGranule() {
        return lastGranule;
    }

    /** Length of the whole file, prefix included. */
    public int length() {
        return file.length;
    }

    /**
     * SHA-256 (hex) over every audio page's header type, granule, serial, segment table and body, in
     * order: everything tagging must keep. Sequence numbers and CRCs are left out.
     */
    public String audioDigest() {
        return audioDigest(file, firstAudioOffset);
    }

    /**
     * SHA-256 over each page from {@code firstAudioOffset} on: header type, granule, serial, segment
     * table and body, leaving out sequence numbers and CRCs, so that two files whose audio pages are
     * unchanged give the same digest.
     */
    static String audioDigest(byte[] file, int firstAudioOffset) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int pos = firstAudioOffset;
        while (pos < file.length) {
            int length = pageLength(file, pos);
            sha.update(file, pos + 5, 13); // header type, granule, serial
            sha.update(file, pos + 26, length - 26); // segment count and table, body
            pos += length;
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Length of an already validated page. */
    static int pageLength(byte[] data, int offset) {
        int segments = data[offset + 26] & 0xFF;
        int length = OggPage.FIXED_HEADER_LENGTH + segments;
        for (int i = offset + OggPage.FIXED_HEADER_LENGTH, end = i + segments; i < end; i++) {
            length += data[i] & 0xFF;
        }
        return length;
    }

    byte[] file() {
        return file;
    }

    int identificationPageLength() {
        return identificationPageLength;
    }

    byte[] setupPacketShared() {
        return setup;
    }

    @Override
    public String toString() {
        return "OriginalOgg[prefix=" + hasPrefix() + ", vendor=" + vendor + ", channels=" + channels + ", rate="
                + sampleRate + ", headerPages=" + headerPageCount + ", audioPages=" + audioPageCount + ", serial="
                + serial + ", lastGranule=" + lastGranule + ", length=" + file.length + "]";
    }
}
