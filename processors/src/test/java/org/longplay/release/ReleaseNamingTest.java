package org.longplay.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AACIDs, data-folder packing, the release plan syntax and the JSON of the metadata records. */
class ReleaseNamingTest {
    private static final String SHA = "b66ed95ce02bde23be1b4c5c9fe0498b3ee749ae137112cdcece0bf77542e337";

    @Test
    void anAacidHasTheCollectionTheUtcSecondTheTrackAndAShortuuidOfWhatTheFileIs() {
        String id = Aacid.of("music_files_pop_0", 1_767_225_600_999L, "04EOTgSlLzugVAMJVtfYzv", SHA);
        String[] parts = id.split("__");
        assertEquals("aacid", parts[0]);
        assertEquals("music_files_pop_0", parts[1]);
        assertEquals("20260101T000000Z", parts[2]);
        assertEquals("04EOTgSlLzugVAMJVtfYzv", parts[3]);
        assertEquals(22, parts[4].length());
        assertTrue(parts[4].chars().allMatch(c -> Aacid.ALPHABET.indexOf(c) >= 0), parts[4]);
        assertEquals(id, Aacid.of("music_files_pop_0", 1_767_225_600_000L, "04EOTgSlLzugVAMJVtfYzv", SHA), "same file, same AACID");
        assertTrue(!id.equals(Aacid.of("music_files_pop_0", 1_767_225_600_000L, "04EOTgSlLzugVAMJVtfYzv", SHA.replace('b', 'c'))),
                "other bytes, other shortuuid");
    }

    @Test
    void theShortuuidDigitsAreThoseOfPythonShortuuidsEncoding(@TempDir Path dir) throws Exception {
        // python-shortuuid's int_to_string, written out: least significant digit first, padded, reversed
        String script = String.join("\n",
                "import sys",
                "alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'",
                "for line in sys.stdin:",
                "    n = int(line); out = ''",
                "    while n:",
                "        n, d = divmod(n, len(alphabet)); out += alphabet[d]",
                "    print((out + alphabet[0] * max(22 - len(out), 0))[::-1])");
        List<BigInteger> numbers = List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(57),
                BigInteger.TWO.pow(128).subtract(BigInteger.ONE), new BigInteger("123456789012345678901234567890"));
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
        StringBuilder in = new StringBuilder();
        numbers.forEach(n -> in.append(n).append('\n'));
        p.getOutputStream().write(in.toString().getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        List<String> expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<String> ours = new ArrayList<>();
        numbers.forEach(n -> ours.add(Aacid.encode(n)));
        assertEquals(expected, ours);
        assertEquals("2222222222222222222222", Aacid.encode(BigInteger.ZERO));
    }

    @Test
    void anAacidRefusesSeparatorsNonAsciiAndMoreThan150Characters() {
        assertThrows(IllegalArgumentException.class, () -> Aacid.of("music__files", 0, "x", SHA));
        assertThrows(IllegalArgumentException.class, () -> Aacid.of("music", 0, "a/b", SHA));
        assertThrows(IllegalArgumentException.class, () -> Aacid.of("music", 0, "é", SHA));
        assertThrows(IllegalArgumentException.class, () -> Aacid.of("m".repeat(80), 0, "t".repeat(30), SHA));
    }

    private static FolderPacker.Item<String> item(long second, String track, long size) {
        return new FolderPacker.Item<>(Aacid.of("c", second * 1000, track, SHA), size, track);
    }

    @Test
    void foldersCloseAtTheFileCapOrBeforeTheByteCapAndAreNamedByTheirFirstAndLastTimestamps() {
        FolderPacker<String> packer = new FolderPacker<>("longplay", "c", 2, 100);
        List<FolderPacker.Folder<String>> folders = new ArrayList<>();
        long second = 1_767_225_600L;
        for (FolderPacker.Item<String> i : List.of(item(second, "a", 10), item(second + 1, "b", 10), item(second + 2, "c", 60),
                item(second + 3, "d", 60), item(second + 4, "e", 500))) {
            FolderPacker.Folder<String> closed = packer.add(i);
            if (closed != null) {
                folders.add(closed);
            }
        }
        folders.add(packer.finish());
        assertNull(packer.finish());
        assertEquals(List.of("longplay_data__aacid__c__20260101T000000Z--20260101T000001Z",
                "longplay_data__aacid__c__20260101T000002Z--20260101T000002Z",
                "longplay_data__aacid__c__20260101T000003Z--20260101T000003Z",
                "longplay_data__aacid__c__20260101T000004Z--20260101T000004Z"), folders.stream().map(FolderPacker.Folder::name).toList());
        assertEquals(List.of(2, 1, 1, 1), folders.stream().map(f -> f.items().size()).toList(),
                "2 files; 60 (60+60 > 100); 60; a 500-byte file alone");
    }

    @Test
    void twoFoldersProcessedWithinOneSecondGetDistinctNames() {
        FolderPacker<String> packer = new FolderPacker<>("p", "c", 1, 1000);
        List<String> names = new ArrayList<>();
        for (String t : List.of("a", "b", "c")) {
            FolderPacker.Folder<String> f = packer.add(item(0, t, 1));
            if (f != null) {
                names.add(f.name());
            }
        }
        names.add(packer.finish().name());
        assertEquals(List.of("p_data__aacid__c__19700101T000000Z--19700101T000000Z",
                "p_data__aacid__c__19700101T000000Z--19700101T000000Z__2",
                "p_data__aacid__c__19700101T000000Z--19700101T000000Z__3"), names);
    }

    @Test
    void theDefaultPlanNamesItsStagesAsTheDesignSays() {
        ReleasePlan plan = ReleasePlan.parse("metadata, music:50-100, music:20-49, music:1-19, music:0, file-metadata, album-art, patches");
        assertEquals(List.of("metadata", "music-pop-50-to-100", "music-pop-20-to-49", "music-pop-1-to-19", "music-pop-0",
                "file-metadata", "album-art", "patches"), plan.stages().stream().map(Stage::id).toList());
        assertEquals("music_files_pop_50_to_100", plan.stages().get(1).collection("music_files"));
        assertEquals("music_files_pop_0", plan.stages().get(4).collection("music_files"));
        assertEquals("music_files_patches", plan.stages().get(7).collection("music_files"));
        assertEquals("top", ReleasePlan.parse("top=music:90-100").stages().get(0).id());
    }

    @Test
    void aPlanWithOverlappingBandsAnUnknownKindOrARepeatedIdIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReleasePlan.parse("music:0-10, music:10-20"))
                .getMessage().contains("overlap"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReleasePlan.parse("metadata, videos"))
                .getMessage().contains("unknown release stage kind \"videos\""));
        assertThrows(IllegalArgumentException.class, () -> ReleasePlan.parse("metadata, metadata"));
        assertThrows(IllegalArgumentException.class, () -> ReleasePlan.parse("music"));
        assertThrows(IllegalArgumentException.class, () -> ReleasePlan.parse("../x=metadata"));
        assertThrows(IllegalArgumentException.class, () -> ReleasePlan.parse("music:60-40"));
    }

    @Test
    void hostileTextInARecordIsValidJsonThatPythonReadsBackExactly(@TempDir Path dir) throws IOException, InterruptedException {
        String hostile = "quote \" backslash \\ nul \0 tab \t newline \n cr \r del \u007f ls \u2028 ps \u2029 bidi \u202e "
                + "astral \uD83C\uDFB5 lone \uD800 end";
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("title", hostile);
        meta.put("n", 42L);
        meta.put("none", null);
        meta.put("flag", true);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("aacid", "aacid__x");
        record.put("metadata", new JsonText.Raw(JsonText.object(meta)));
        Path file = dir.resolve("r.json");
        Files.writeString(file, JsonText.object(record), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
                "import json, sys",
                "r = json.load(open(sys.argv[1], encoding='utf-8'))",
                "m = r['metadata']",
                "assert list(r) == ['aacid', 'metadata'] and list(m) == ['title', 'n', 'none', 'flag'], r",
                "assert m['n'] == 42 and m['none'] is None and m['flag'] is True",
                "b = m['title'].encode('utf-16-le', 'surrogatepass')",
                "print(' '.join('%04x' % int.from_bytes(b[i:i + 2], 'little') for i in range(0, len(b), 2)))"), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        StringBuilder units = new StringBuilder();
        hostile.chars().forEach(c -> units.append(units.length() == 0 ? "" : " ").append(String.format("%04x", c)));
        assertEquals(units.toString(), new String(out, StandardCharsets.US_ASCII).strip(), "the same UTF-16 code units, lone surrogate included");
    }
}
