package org.longplay.ogg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Replaces the comment header of an inspected original without re-encoding, producing a plain
 * Vorbis stream (the Spotify prefix is dropped).
 *
 * <ul>
 *   <li>Page 0 is the original identification page, byte for byte.</li>
 *   <li>The comment and setup packets are laid out as libogg's {@code ogg_stream_flush} does after
 *       {@code ogg_stream_packetin} of the three headers (what oggenc and vorbiscomment do): pages
 *       of 255 segments each, the last page holding the rest, so the setup header ends its page.
 *       Granule 0 on a page where a packet ends, -1 on a page where none ends; the continuation
 *       flag on a page that begins inside a packet. (libogg's 4096-byte page limit only applies
 *       once four packets are on a page, which two header packets never reach.)</li>
 *   <li>Every audio page keeps its payload, granule, lacing, flags and serial. Only when the
 *       number of header pages changes are sequence numbers shifted, and CRCs recomputed; otherwise
 *       the audio is copied in bulk.</li>
 * </ul>
 */
public final class VorbisRetagger {
    private static final int MAX_SEGMENTS = 255;

    private VorbisRetagger() {
    }

    /** The retagged plain Vorbis file. {@code commentPacket} is a full packet ("\x03vorbis" ... framing bit). */
    public static byte[] retag(OriginalOgg original, byte[] commentPacket) {
        byte[] headers = headerPages(original, commentPacket);
        byte[] file = original.file();
        int audioStart = original.firstAudioOffset();
        int audioLength = file.length - audioStart;
        byte[] out = new byte[headers.length + audioLength];
        System.arraycopy(headers, 0, out, 0, headers.length);
        System.arraycopy(file, audioStart, out, headers.length, audioLength);
        int shift = sequenceShift(original, headers);
        if (shift != 0) {
            for (int pos = headers.length; pos < out.length; ) {
                int length = OriginalOgg.pageLength(out, pos);
                OggPage.writeIntLE(out, pos + 18, OggPage.readIntLE(out, pos + 18) + shift);
                OggCrc.seal(out, pos, length);
                pos += length;
            }
        }
        return out;
    }

    /** Writes the retagged plain Vorbis file to {@code out} (not closed). */
    public static void write(OriginalOgg original, byte[] commentPacket, OutputStream out) throws IOException {
        byte[] headers = headerPages(original, commentPacket);
        out.write(headers);
        byte[] file = original.file();
        int audioStart = original.firstAudioOffset();
        int shift = sequenceShift(original, headers);
        if (shift == 0) {
            out.write(file, audioStart, file.length - audioStart);
            return;
        }
        // patch a copy of each page header only; bodies go out straight from the original
        byte[] header = new byte[OggPage.FIXED_HEADER_LENGTH + MAX_SEGMENTS];
        for (int pos = audioStart; pos < file.length; ) {
            int length = OriginalOgg.pageLength(file, pos);
            int headerLength = OggPage.FIXED_HEADER_LENGTH + (file[pos + 26] & 0xFF);
            System.arraycopy(file, pos, header, 0, headerLength);
            OggPage.writeIntLE(header, 18, OggPage.readIntLE(header, 18) + shift);
            int crc = OggCrc.update(0, header, 0, 22);
            crc = OggCrc.updateZeroWord(crc);
            crc = OggCrc.update(crc, header, 26, headerLength - 26);
            crc = OggCrc.update(crc, file, pos + headerLength, length - headerLength);
            OggPage.writeIntLE(header, 22, crc);
            out.write(header, 0, headerLength);
            out.write(file, pos + headerLength, length - headerLength);
            pos += length;
        }
    }

    private static int sequenceShift(OriginalOgg original, byte[] headers) {
        return countPages(headers) - original.headerPageCount();
    }

    private static int countPages(byte[] pages) {
        int count = 0;
        for (int pos = 0; pos < pages.length; pos += OriginalOgg.pageLength(pages, pos)) {
            count++;
        }
        return count;
    }

    /** The new header pages: the original identification page, then comment and setup pages. */
    public static byte[] headerPages(OriginalOgg original, byte[] commentPacket) {
        checkCommentPacket(commentPacket);
        byte[] setup = original.setupPacketShared();
        ByteArrayOutputStream out = new ByteArrayOutputStream(commentPacket.length + setup.length + 4096);
        out.write(original.file(), original.vorbisOffset(), original.identificationPageLength());
        PacketRun run = new PacketRun(commentPacket, setup);
        int sequence = 1;
        for (int first = 0; first < run.lacingCount(); first += MAX_SEGMENTS) {
            int last = Math.min(first + MAX_SEGMENTS, run.lacingCount());
            writePage(out, run, first, last, original.serial(), sequence++);
        }
        return out.toByteArray();
    }

    private static void checkCommentPacket(byte[] commentPacket) {
        try {
            VorbisCommentPacket.parse(commentPacket);
        } catch (CorruptOriginalException e) {
            throw new IllegalArgumentException("not a valid comment packet: " + e.getMessage());
        }
    }

    /** One header page holding lacing values {@code [first, last)} of the run. */
    private static void writePage(ByteArrayOutputStream out, PacketRun run, int first, int last, int serial,
            int sequence) {
        int segments = last - first;
        int bodyLength = 0;
        boolean packetEnds = false;
        byte[] page = new byte[OggPage.FIXED_HEADER_LENGTH + segments + run.bodyLength(first, last)];
        for (int i = first; i < last; i++) {
            int lacing = run.lacing(i);
            page[OggPage.FIXED_HEADER_LENGTH + i - first] = (byte) lacing;
            bodyLength += lacing;
            packetEnds |= lacing < 255;
        }
        page[0] = 'O';
        page[1] = 'g';
        page[2] = 'g';
        page[3] = 'S';
        page[5] = (byte) (run.startsPacket(first) ? 0 : OggPage.CONTINUATION);
        long granule = packetEnds ? 0 : OggPage.NO_GRANULE; // header packets have granule 0
        OggPage.writeIntLE(page, 6, (int) granule);
        OggPage.writeIntLE(page, 10, (int) (granule >>> 32));
        OggPage.writeIntLE(page, 14, serial);
        OggPage.writeIntLE(page, 18, sequence);
        page[26] = (byte) segments;
        run.copyBody(first, page, OggPage.FIXED_HEADER_LENGTH + segments, bodyLength);
        OggCrc.seal(page, 0, page.length);
        out.writeBytes(page);
    }

    /**
     * The comment and setup packets back to back, seen as one sequence of lacing values: each packet
     * is {@code length / 255} values of 255 and one final value {@code length % 255} (0 when the
     * length is a multiple of 255, so the packet's end is visible).
     */
    private static final class PacketRun {
        private final byte[] a;
        private final byte[] b;
        private final int lacingsA;
        private final int lacingsB;

        PacketRun(byte[] a, byte[] b) {
            this.a = a;
            this.b = b;
            this.lacingsA = a.length / 255 + 1;
            this.lacingsB = b.length / 255 + 1;
        }

        int lacingCount() {
            return lacingsA + lacingsB;
        }

        int lacing(int i) {
            return i < lacingsA ? lacingOf(a.length, i, lacingsA) : lacingOf(b.length, i - lacingsA, lacingsB);
        }

        private static int lacingOf(int length, int i, int count) {
            return i < count - 1 ? 255 : length % 255;
        }

        boolean startsPacket(int i) {
            return i == 0 || i == lacingsA;
        }

        /** Offset in the concatenated packets of lacing value {@code i}'s data. */
        private int dataOffset(int i) {
            return i < lacingsA ? i * 255 : a.length + (i - lacingsA) * 255;
        }

        int bodyLength(int first, int last) {
            int end = last == lacingCount() ? a.length + b.length : dataOffset(last);
            return end - dataOffset(first);
        }

        void copyBody(int first, byte[] dest, int destOffset, int length) {
            int from = dataOffset(first);
            int fromA = Math.max(0, Math.min(length, a.length - from));
            if (fromA > 0) {
                System.arraycopy(a, from, dest, destOffset, fromA);
            }
            if (length > fromA) {
                System.arraycopy(b, from + fromA - a.length, dest, destOffset + fromA, length - fromA);
            }
        }
    }
}
