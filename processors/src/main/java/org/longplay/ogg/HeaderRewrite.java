package org.longplay.ogg;

import java.io.ByteArrayOutputStream;

/**
 * Rewrites the header packets that follow the first page of an Ogg stream (Vorbis: comment and
 * setup; Opus: OpusTags) without touching the audio:
 *
 * <ul>
 *   <li>Page 0 (the identification page) is copied byte for byte.</li>
 *   <li>The header packets are laid out as libogg's {@code ogg_stream_flush} does after
 *       {@code ogg_stream_packetin} of the headers (what oggenc, vorbiscomment and opusenc do): pages
 *       of 255 segments each, the last page holding the rest, so the last header ends its page.
 *       Granule 0 on a page where a packet ends, -1 on a page where none ends; the continuation
 *       flag on a page that begins inside a packet. (libogg's 4096-byte page limit only applies
 *       once four packets are on a page, which header packets never reach.)</li>
 *   <li>Every audio page keeps its payload, granule, lacing, flags and serial. Only when the
 *       number of header pages changes are sequence numbers shifted, and CRCs recomputed; otherwise
 *       the audio is copied in bulk.</li>
 * </ul>
 */
final class HeaderRewrite {
    private static final int MAX_SEGMENTS = 255;

    /**
     * Where things are in the stream being rewritten: it starts at {@code streamOffset} of
     * {@code file} with an identification page of {@code idPageLength} bytes; its audio starts at
     * {@code firstAudioOffset}, after {@code headerPages} header pages (identification page included).
     */
    record Layout(byte[] file, int streamOffset, int idPageLength, int serial, int headerPages, int firstAudioOffset) {
    }

    private HeaderRewrite() {
    }

    static byte[] rewrite(Layout layout, byte[]... packets) {
        byte[] headers = headerPages(layout, packets);
        byte[] file = layout.file();
        int audioStart = layout.firstAudioOffset();
        int audioLength = file.length - audioStart;
        byte[] out = new byte[headers.length + audioLength];
        System.arraycopy(headers, 0, out, 0, headers.length);
        System.arraycopy(file, audioStart, out, headers.length, audioLength);
        int shift = countPages(headers) - layout.headerPages();
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

    private static int countPages(byte[] pages) {
        int count = 0;
        for (int pos = 0; pos < pages.length; pos += OriginalOgg.pageLength(pages, pos)) {
            count++;
        }
        return count;
    }

    /** The new header pages: the identification page, then the packets' pages. */
    static byte[] headerPages(Layout layout, byte[]... packets) {
        int total = 0;
        for (byte[] p : packets) {
            total += p.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(total + 4096);
        out.write(layout.file(), layout.streamOffset(), layout.idPageLength());
        PacketRun run = new PacketRun(packets);
        int sequence = 1;
        for (int first = 0; first < run.lacingCount(); first += MAX_SEGMENTS) {
            int last = Math.min(first + MAX_SEGMENTS, run.lacingCount());
            writePage(out, run, first, last, layout.serial(), sequence++);
        }
        return out.toByteArray();
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
     * The header packets back to back, seen as one sequence of lacing values: each packet is
     * {@code length / 255} values of 255 and one final value {@code length % 255} (0 when the length
     * is a multiple of 255, so the packet's end is visible).
     */
    private static final class PacketRun {
        private final byte[][] packets;
        private final int[] firstLacing; // index of each packet's first lacing value; one more entry: the total
        private final int[] firstByte; // offset of each packet in the concatenation; one more entry: the total

        PacketRun(byte[]... packets) {
            this.packets = packets;
            firstLacing = new int[packets.length + 1];
            firstByte = new int[packets.length + 1];
            for (int p = 0; p < packets.length; p++) {
                firstLacing[p + 1] = firstLacing[p] + packets[p].length / 255 + 1;
                firstByte[p + 1] = firstByte[p] + packets[p].length;
            }
        }

        int lacingCount() {
            return firstLacing[packets.length];
        }

        private int packetOf(int lacing) {
            int p = 0;
            while (firstLacing[p + 1] <= lacing) {
                p++;
            }
            return p;
        }

        int lacing(int i) {
            int p = packetOf(i);
            return i < firstLacing[p + 1] - 1 ? 255 : packets[p].length % 255;
        }

        boolean startsPacket(int i) {
            return firstLacing[packetOf(i)] == i;
        }

        /** Offset in the concatenated packets of lacing value {@code i}'s data. */
        private int dataOffset(int i) {
            if (i >= lacingCount()) {
                return firstByte[packets.length];
            }
            int p = packetOf(i);
            return firstByte[p] + (i - firstLacing[p]) * 255;
        }

        int bodyLength(int first, int last) {
            return dataOffset(last) - dataOffset(first);
        }

        void copyBody(int first, byte[] dest, int destOffset, int length) {
            int from = dataOffset(first);
            int copied = 0;
            for (int p = 0; p < packets.length && copied < length; p++) {
                int start = Math.max(from + copied, firstByte[p]);
                if (start >= firstByte[p + 1]) {
                    continue;
                }
                int n = Math.min(length - copied, firstByte[p + 1] - start);
                System.arraycopy(packets[p], start - firstByte[p], dest, destOffset + copied, n);
                copied += n;
            }
        }
    }
}
