package org.longplay.tar;

import org.longplay.ExternalCommand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarWriterTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** 2023-11-14 22:13:20 UTC. */
    private static final long MTIME = 1_700_000_000L;
    private static final Pattern TAR_LINE = Pattern.compile("(\\S{10}) (\\S+) +(\\d+) (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) (.+)");

    @TempDir
    Path tmp;

    // ---- tools ----------------------------------------------------------------------------------

    private static ExternalCommand.Output ok(List<String> cmd) throws IOException, InterruptedException {
        ExternalCommand.Output o = ExternalCommand.run(cmd);
        assertEquals(0, o.exit(), cmd + ": " + o.out());
        return o;
    }

    /**
     * Python's tarfile reads the archive; for each member, checks that its header block (and its PAX
     * header block, if any) has the ustar magic and a checksum written as six octal digits, NUL, space
     * that is right, and prints name, size, mtime, uid, gid, uname, gname, mode, type, PAX keys and the
     * SHA-256 of the content it reads.
     */
    private static final String PY_READ = String.join("\n",
            "import sys, tarfile, hashlib",
            "raw = open(sys.argv[1], 'rb').read()",
            "def check(off, typeflag=None):",
            "    blk = raw[off:off + 512]",
            "    assert blk[257:265] == b'ustar\\x0000', ('magic', off, blk[257:265])",
            "    assert blk[154:156] == b'\\x00 ', ('checksum format', off, blk[148:156])",
            "    assert int(blk[148:154], 8) == sum(blk[:148]) + 8 * 32 + sum(blk[156:]), ('checksum', off)",
            "    assert typeflag is None or blk[156:157] == typeflag, ('typeflag', off, blk[156:157])",
            "with tarfile.open(sys.argv[1], 'r:', encoding='utf-8', errors='strict') as tf:",
            "    for m in tf:",
            "        check(m.offset_data - 512)",
            "        if m.offset != m.offset_data - 512:",
            "            check(m.offset, b'x')",
            "        data = tf.extractfile(m).read() if m.isfile() else None",
            "        print('\\t'.join([m.name, str(m.size), str(m.mtime), str(m.uid), str(m.gid), repr(m.uname), repr(m.gname),",
            "              oct(m.mode), m.type.decode(), ','.join(sorted(m.pax_headers)),",
            "              hashlib.sha256(data).hexdigest() if data is not None else '-']))");

    /** One member as Python's tarfile reads it. */
    private record PyMember(String name, long size, long mtime, int uid, int gid, String uname, String gname, String mode,
                            String type, String paxKeys, String sha256) {
    }

    private static List<PyMember> pythonRead(Path archive) throws Exception {
        ExternalCommand.Output o = ok(List.of(PYTHON, "-c", PY_READ, archive.toString()));
        List<PyMember> members = new ArrayList<>();
        for (String line : o.out().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            assertEquals(11, f.length, line);
            members.add(new PyMember(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), f[5], f[6], f[7], f[8], f[9], f[10]));
        }
        return members;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Writes the entries (name to content, null for a folder) in order, some from files and some from bytes. */
    private Path archive(Map<String, byte[]> entries, boolean fromFiles) throws IOException {
        Path out = tmp.resolve("a-" + System.nanoTime() + ".tar");
        Path sources = Files.createDirectories(tmp.resolve("src-" + System.nanoTime()));
        int i = 0;
        try (TarWriter tar = new TarWriter(Files.newOutputStream(out), MTIME)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (e.getValue() == null) {
                    tar.addDirectory(e.getKey());
                } else if (fromFiles) {
                    Path src = Files.write(sources.resolve("f" + i++), e.getValue());
                    tar.addFile(e.getKey(), src);
                } else {
                    tar.addFile(e.getKey(), e.getValue());
                }
            }
        }
        assertEquals(0, Files.size(out) % TarWriter.RECORD, "archive length is a multiple of 10240");
        return out;
    }

    /** Extracts with GNU tar and checks every file and folder against {@code entries}, and nothing more. */
    private void assertTarExtractsExactly(Path archive, Map<String, byte[]> entries) throws Exception {
        Path into = Files.createDirectories(tmp.resolve("x-" + System.nanoTime()));
        ok(List.of("tar", "-xf", archive.toString(), "-C", into.toString()));
        Map<String, byte[]> found = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(into)) {
            for (Path p : walk.filter(p -> !p.equals(into)).toList()) {
                String rel = into.relativize(p).toString();
                found.put(rel, Files.isDirectory(p) ? null : Files.readAllBytes(p));
                assertEquals(MTIME, Files.getLastModifiedTime(p).to(TimeUnit.SECONDS), rel + " mtime");
            }
        }
        Map<String, byte[]> expected = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            expected.put(e.getKey(), e.getValue());
            for (Path parent = Path.of(e.getKey()).getParent(); parent != null; parent = parent.getParent()) {
                expected.put(parent.toString(), null);
            }
        }
        assertEquals(expected.keySet(), found.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            if (e.getValue() != null) {
                assertArrayEquals(e.getValue(), found.get(e.getKey()), e.getKey());
            } else {
                assertTrue(found.get(e.getKey()) == null, e.getKey() + " is a folder");
            }
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A {@code /}-separated name of exactly {@code bytes} UTF-8 bytes, components at most {@code maxComponent} bytes, with 1-, 2-, 3- and 4-byte characters. */
    private static String utf8Name(int bytes, int maxComponent) {
        String[] chars = {"\u00dc", "n", "\u00ef", "-", "c", "\u00f8", "d", "\u00e9", " ", "\u97f3", "\u697d", "\ud83c\udfb5", "_"};
        StringBuilder sb = new StringBuilder();
        int left = bytes;
        int component = 0;
        for (int i = 0; left > 0; i++) {
            if (component >= maxComponent - 4 && left > 2) {
                sb.append('/');
                left--;
                component = 0;
                continue;
            }
            String c = chars[i % chars.length];
            int n = c.getBytes(StandardCharsets.UTF_8).length;
            if (n > left) {
                c = "x";
                n = 1;
            }
            sb.append(c);
            left -= n;
            component += n;
        }
        assertEquals(bytes, sb.toString().getBytes(StandardCharsets.UTF_8).length);
        return sb.toString();
    }

    // ---- tests ----------------------------------------------------------------------------------

    private static Map<String, byte[]> albumArt() {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("cover/back.png", new byte[0]);
        e.put("cover/front.jpg", random(100_000, 1));
        e.put("cover/scans/booklet 01.jpg", random(5_000, 2));
        e.put("extra/empty", null);
        e.put("notes.txt", "Caf\u00e9 \u97f3\u697d\n".getBytes(StandardCharsets.UTF_8));
        e.put("one-block.bin", random(512, 3));
        return e;
    }

    @Test
    void gnuTarListsTheEntriesInOrderWithFolderEntriesTheirSizesModesOwnerAndTime() throws Exception {
        Path archive = archive(albumArt(), true);
        ExternalCommand.Output o = ok(List.of("tar", "-tvf", archive.toString(), "--full-time"));
        List<String> got = new ArrayList<>();
        for (String line : o.out().strip().split("\n")) {
            Matcher m = TAR_LINE.matcher(line);
            assertTrue(m.matches(), line);
            assertEquals("0/0", m.group(2), line);
            assertEquals("2023-11-14 22:13:20", m.group(4), line);
            got.add(m.group(1) + " " + m.group(3) + " " + m.group(5));
        }
        assertEquals(List.of(
                "drwxr-xr-x 0 cover/",
                "-rw-r--r-- 0 cover/back.png",
                "-rw-r--r-- 100000 cover/front.jpg",
                "drwxr-xr-x 0 cover/scans/",
                "-rw-r--r-- 5000 cover/scans/booklet 01.jpg",
                "drwxr-xr-x 0 extra/",
                "drwxr-xr-x 0 extra/empty/",
                "-rw-r--r-- 13 notes.txt",
                "-rw-r--r-- 512 one-block.bin"), got);
    }

    @Test
    void gnuTarExtractsByteIdenticalFilesFromFileSourcesAndFromBytes() throws Exception {
        Map<String, byte[]> entries = albumArt();
        assertTarExtractsExactly(archive(entries, true), entries);
        assertTarExtractsExactly(archive(entries, false), entries);
    }

    @Test
    void pythonsTarfileReadsValidUstarHeadersWithTheNamesSizesTimeOwnersAndContent() throws Exception {
        Map<String, byte[]> entries = albumArt();
        List<PyMember> members = pythonRead(archive(entries, true));
        List<PyMember> expected = new ArrayList<>();
        for (String dir : List.of("cover", "cover/back.png", "cover/front.jpg", "cover/scans", "cover/scans/booklet 01.jpg",
                "extra", "extra/empty", "notes.txt", "one-block.bin")) {
            byte[] content = entries.get(dir);
            boolean file = content != null;
            expected.add(new PyMember(dir, file ? content.length : 0, MTIME, 0, 0, "''", "''",
                    file ? "0o644" : "0o755", file ? "0" : "5", "", file ? sha256(content) : "-"));
        }
        assertEquals(expected, members);
    }

    @Test
    void theSameEntriesGiveIdenticalBytesWhateverTheSourceFilesTimesAndPermissions() throws Exception {
        Map<String, byte[]> entries = albumArt();
        Path src = Files.write(tmp.resolve("front.jpg"), entries.get("cover/front.jpg"));
        ByteArrayOutputStream[] outs = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        for (ByteArrayOutputStream out : outs) {
            try (TarWriter tar = new TarWriter(out, MTIME)) {
                tar.addFile("cover/front.jpg", src);
                tar.addFile("notes.txt", entries.get("notes.txt"));
                tar.addDirectory("extra/empty");
            }
            Files.setLastModifiedTime(src, FileTime.fromMillis(123_456_789_000L));
            Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwx------"));
        }
        assertArrayEquals(outs[0].toByteArray(), outs[1].toByteArray());
        ByteArrayOutputStream later = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(later, MTIME + 1)) {
            tar.addFile("cover/front.jpg", src);
            tar.addFile("notes.txt", entries.get("notes.txt"));
            tar.addDirectory("extra/empty");
        }
        assertFalse(java.util.Arrays.equals(outs[0].toByteArray(), later.toByteArray()), "the given mtime is written");
    }

    @Test
    void longUtf8NamesRoundTripThroughGnuTarAndPythonUstarSplitWhenTheyCanPaxWhenTheyCannot() throws Exception {
        // sorted, as the caller sorts: GNU tar sets a folder's time once the entries move past it
        Map<String, byte[]> entries = new TreeMap<>();
        Map<String, String> paxKeys = new TreeMap<>();
        String[][] cases = {
                // name, PAX keys expected
                {utf8Name(100, 200), ""},   // fills the name field exactly, no NUL
                {utf8Name(101, 200), "path"},   // one component over 100 bytes: no split possible
                {utf8Name(150, 120), ""},   // prefix + name
                {utf8Name(150, 200), "path"},
                {utf8Name(300, 120), "path"},
                {utf8Name(989, 120), "path"},   // PAX record "999 path=...\n"
                {utf8Name(990, 120), "path"},   // PAX record "1001 path=...\n": the length's own digits grow
        };
        long seed = 10;
        for (String[] c : cases) {
            entries.put(c[0], random((int) (seed * 37), seed++));
            paxKeys.put(c[0], c[1]);
        }
        Path archive = archive(entries, true);
        assertTarExtractsExactly(archive, entries);
        Map<String, String> gotPax = new TreeMap<>();
        for (PyMember m : pythonRead(archive)) {
            if (m.type().equals("0")) {
                gotPax.put(m.name(), m.paxKeys());
                assertArrayEquals(HexFormat.of().parseHex(sha256(entries.get(m.name()))), HexFormat.of().parseHex(m.sha256()), m.name());
            }
        }
        assertEquals(paxKeys, gotPax);
        String listed = ok(List.of("tar", "-tf", archive.toString())).out();
        for (String name : entries.keySet()) {
            assertTrue(listed.contains(name + "\n"), name);
        }
    }

    @Test
    void paxRecordLengthsCountTheirOwnDigits() {
        for (int valueBytes : new int[] {0, 1, 84, 85, 90, 91, 92, 989, 990, 991, 9_990}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TarWriter.paxRecord(out, "path", "v".repeat(valueBytes).getBytes(StandardCharsets.US_ASCII));
            String record = out.toString(StandardCharsets.US_ASCII);
            int space = record.indexOf(' ');
            assertEquals(record.length(), Integer.parseInt(record.substring(0, space)), record.substring(0, Math.min(20, record.length())));
            assertTrue(record.endsWith("\n"));
        }
    }

    @Test
    void theArchiveIsPaddedToA10240ByteRecordAfterTwoZeroBlocks() throws Exception {
        // header + 17 data blocks + 2 zero blocks = exactly 20 blocks
        Map<String, byte[]> exact = Map.of("a.bin", random(17 * 512, 1));
        byte[] bytes = Files.readAllBytes(archive(exact, false));
        assertEquals(10240, bytes.length);
        for (int i = 18 * 512; i < bytes.length; i++) {
            assertEquals(0, bytes[i]);
        }
        // one byte more: 21 blocks, padded to 40
        assertEquals(20480, Files.size(archive(Map.of("a.bin", random(17 * 512 + 1, 1)), false)));
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        new TarWriter(empty, MTIME).close();
        assertArrayEquals(new byte[10240], empty.toByteArray());
        assertEquals(0, ok(List.of("tar", "-tf", archive(Map.of(), false).toString())).out().length());
    }

    /** Python's tarfile reads as a stream only the header blocks written for an entry of {@code size} bytes. */
    private List<String> pythonHeaderOf(long size) throws Exception {
        Path headers = tmp.resolve("h-" + size);
        Files.write(headers, TarWriter.headerBlocks("big.bin", TarWriter.REGULAR, TarWriter.FILE_MODE, size, MTIME));
        String py = String.join("\n",
                "import sys, tarfile",
                "tf = tarfile.open(sys.argv[1], 'r|')",
                "m = tf.next()",
                "print(m.name, m.size, ','.join(sorted(m.pax_headers)) or '-')");
        return List.of(ok(List.of(PYTHON, "-c", py, headers.toString())).out().strip().split(" "));
    }

    @Test
    void aSizeAbove8GiBMinusOneGoesInAPaxSizeRecord() throws Exception {
        // the header blocks only: a real 8 GiB entry is too large for a unit test
        long max = TarWriter.MAX_OCTAL_11;
        assertEquals(8L * 1024 * 1024 * 1024 - 1, max);
        assertEquals(List.of("big.bin", Long.toString(max), "-"), pythonHeaderOf(max));
        assertEquals(List.of("big.bin", Long.toString(max + 1), "size"), pythonHeaderOf(max + 1));
        assertEquals(List.of("big.bin", "1000000000000", "size"), pythonHeaderOf(1_000_000_000_000L));
    }

    @Test
    void pathsThatAreNotRelativeAndCleanAndEntriesTwiceAreRefused() throws Exception {
        try (TarWriter tar = new TarWriter(new ByteArrayOutputStream(), MTIME)) {
            for (String bad : List.of("", "/abs", "../up", "a/../b", "a//b", "./a", "a/.", "a/", "nul\0", "lone \ud800")) {
                assertThrows(IllegalArgumentException.class, () -> tar.addFile(bad, new byte[1]), bad);
            }
            tar.addFile("a/b", new byte[1]);
            assertThrows(IllegalArgumentException.class, () -> tar.addFile("a/b", new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> tar.addFile("a", new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> tar.addDirectory("a/b"));
            assertThrows(IllegalArgumentException.class, () -> tar.addFile("a/b/c", new byte[1]));
            tar.addDirectory("a");
        }
        assertThrows(IllegalArgumentException.class, () -> new TarWriter(new ByteArrayOutputStream(), -1));
    }
}
