package org.longplay.torrent;

import org.longplay.ExternalCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Processes (mktorrent, python3-libtorrent), raw bencode spans and generated data for the torrent tests. */
final class TorrentTestSupport {
    static final String PYTHON = "/usr/bin/python3";
    static final String TRACKER = "http://tracker.example/announce";

    private TorrentTestSupport() {
    }

    static ExternalCommand.Output run(List<String> cmd) throws IOException, InterruptedException {
        return ExternalCommand.run(cmd);
    }

    /** mktorrent's v1 info-hash for {@code data} at {@code 2^log2} bytes per piece. */
    static String mktorrentBtih(Path data, int log2, Path workDir) throws IOException, InterruptedException {
        Path out = workDir.resolve("mktorrent-" + log2 + "-" + System.nanoTime() + ".torrent");
        ExternalCommand.Output r = run(List.of("mktorrent", "-l", Integer.toString(log2), "-a", TRACKER, "-o", out.toString(), data.toString()));
        if (r.exit() != 0) {
            throw new AssertionError("mktorrent failed: " + r.out());
        }
        return sha1Hex(infoSpan(Files.readAllBytes(out)));
    }

    static final String LT_INFO = String.join("\n",
            "import sys, libtorrent as lt",
            "ti = lt.torrent_info(sys.argv[1])",
            "ih = ti.info_hashes()",
            "print(str(ih.v1), str(ih.v2) if ih.has_v2() else 'none', ti.num_files(), ti.total_size(), ti.num_pieces())");

    static final String LT_RECHECK = String.join("\n",
            "import sys, time, libtorrent as lt",
            "s = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_dht': False, 'enable_lsd': False,",
            "                'enable_upnp': False, 'enable_natpmp': False, 'alert_mask': lt.alert_category.error})",
            "p = lt.add_torrent_params()",
            "p.ti = lt.torrent_info(sys.argv[1])",
            "p.save_path = sys.argv[2]",
            "p.flags &= ~(lt.torrent_flags.seed_mode | lt.torrent_flags.auto_managed | lt.torrent_flags.paused)",
            "h = s.add_torrent(p)",
            "h.force_recheck()",
            "start = time.time()",
            "while time.time() < start + 30:",
            "    st = h.status()",
            "    if st.errc.value() != 0: print('error', st.errc.message()); break",
            "    checking = st.state in (lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data)",
            "    if not checking and (st.is_seeding or st.progress == 1.0): break",
            "    if not checking and st.state == lt.torrent_status.downloading and time.time() > start + 2: break",
            "    time.sleep(0.05)",
            "st = h.status()",
            "print(st.is_seeding, st.progress, st.num_pieces, h.torrent_file().num_pieces())");

    static final String LT_CREATE = String.join("\n",
            "import sys, os, libtorrent as lt",
            "fs = lt.file_storage()",
            "lt.add_files(fs, sys.argv[1])",
            "ct = lt.create_torrent(fs, int(sys.argv[2]))",
            "lt.set_piece_hashes(ct, os.path.dirname(sys.argv[1]))",
            "ti = lt.torrent_info(lt.bencode(ct.generate()))",
            "print(ti.info_hashes().v1, ti.info_hashes().v2)");

    /** {@code v1 v2} of the hybrid torrent libtorrent itself creates for {@code data}. */
    static String[] libtorrentCreate(Path data, int pieceLength) throws IOException, InterruptedException {
        ExternalCommand.Output r = run(List.of(PYTHON, "-c", LT_CREATE, data.toString(), Integer.toString(pieceLength)));
        if (r.exit() != 0) {
            throw new AssertionError("libtorrent could not create a torrent of " + data + ": " + r.out());
        }
        String[] lines = r.out().strip().split("\n");
        return lines[lines.length - 1].split(" ");
    }

    /** {@code v1 v2|none num_files total_size num_pieces} as libtorrent reads the torrent. */
    static String[] libtorrentInfo(Path torrent) throws IOException, InterruptedException {
        ExternalCommand.Output r = run(List.of(PYTHON, "-c", LT_INFO, torrent.toString()));
        if (r.exit() != 0) {
            throw new AssertionError("libtorrent could not load " + torrent + ": " + r.out());
        }
        String[] lines = r.out().strip().split("\n");
        return lines[lines.length - 1].split(" ");
    }

    /** {@code is_seeding progress num_pieces_have num_pieces} after a forced recheck against {@code savePath}. */
    static String[] libtorrentRecheck(Path torrent, Path savePath) throws IOException, InterruptedException {
        ExternalCommand.Output r = run(List.of(PYTHON, "-c", LT_RECHECK, torrent.toString(), savePath.toString()));
        if (r.exit() != 0) {
            throw new AssertionError("libtorrent recheck failed: " + r.out());
        }
        String[] lines = r.out().strip().split("\n");
        return lines[lines.length - 1].split(" ");
    }

    /** The raw bytes of the top-level {@code info} value. */
    static byte[] infoSpan(byte[] torrent) {
        int[] pos = {1};
        while (torrent[pos[0]] != 'e') {
            int keyStart = pos[0];
            skip(torrent, pos);
            String key = new String(torrent, keyStart, pos[0] - keyStart, StandardCharsets.ISO_8859_1);
            int valueStart = pos[0];
            skip(torrent, pos);
            if (key.equals("4:info")) {
                return Arrays.copyOfRange(torrent, valueStart, pos[0]);
            }
        }
        throw new AssertionError("no info dictionary");
    }

    /** Top-level keys, in order, as raw text. */
    static List<String> topKeys(byte[] torrent) {
        List<String> keys = new ArrayList<>();
        int[] pos = {1};
        while (torrent[pos[0]] != 'e') {
            int colon = pos[0];
            while (torrent[colon] != ':') {
                colon++;
            }
            int keyStart = pos[0];
            skip(torrent, pos);
            keys.add(new String(torrent, colon + 1, pos[0] - colon - 1, StandardCharsets.UTF_8));
            skip(torrent, pos);
        }
        return keys;
    }

    private static void skip(byte[] b, int[] pos) {
        byte c = b[pos[0]];
        if (c == 'i') {
            while (b[pos[0]] != 'e') {
                pos[0]++;
            }
            pos[0]++;
        } else if (c == 'l' || c == 'd') {
            pos[0]++;
            while (b[pos[0]] != 'e') {
                skip(b, pos);
            }
            pos[0]++;
        } else {
            int colon = pos[0];
            while (b[colon] != ':') {
                colon++;
            }
            int len = Integer.parseInt(new String(b, pos[0], colon - pos[0], StandardCharsets.US_ASCII));
            pos[0] = colon + 1 + len;
        }
    }

    static String sha1Hex(byte[] data) {
        return HexFormat.of().formatHex(TorrentBuilder.digest("SHA-1").digest(data));
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(TorrentBuilder.digest("SHA-256").digest(data));
    }

    static Path file(Path dir, String relative, long size, long seed) throws IOException {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        byte[] data = new byte[(int) size];
        new Random(seed).nextBytes(data);
        Files.write(f, data);
        return f;
    }

    /**
     * A folder with nested folders, Unicode names (composed and decomposed accents, CJK, emoji, ':'),
     * a dot file and a dot folder, an empty file, a file of exactly {@code multiple} bytes and names whose
     * byte order differs from their component order ({@code a-b} against {@code a/z}).
     */
    static Path mixedFolder(Path parent, long multiple) throws IOException {
        Path d = parent.resolve("Album: Ünïcode");
        Files.createDirectories(d);
        file(d, "01 - Caf\u00e9.ogg", 70_001, 1);
        file(d, "02 - Cafe\u0301.ogg", 33_333, 2);
        file(d, "exact.bin", multiple, 3);
        file(d, "empty.txt", 0, 4);
        file(d, ".hidden", 17, 5);
        file(d, ".dotdir/inside", 5_000, 6);
        file(d, "a-b", 123, 7);
        file(d, "a/z", 99_999, 8);
        file(d, "a/deeper/\u97f3\u697d \ud83c\udfb5.ogg", 150_000, 9);
        file(d, "b/x:y.txt", 1, 10);
        file(d, "Z-upper", 40_000, 11);
        return d;
    }
}
