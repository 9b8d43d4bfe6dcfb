package org.longplay.patch;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictContentType;

/**
 * Patches in the format of {@code zstd --patch-from}: one zstd frame of the target, compressed with
 * the reference as a raw-content dictionary, so that {@code zstd -d --patch-from=<reference> <patch>}
 * gives the target back byte for byte.
 *
 * <p>zstd-jni has no {@code refPrefix}, so the reference is a dictionary, and zstd attaches it: the
 * long-distance matcher never sees it, only the regular match finder, through the dictionary's own
 * hash table. Two measured facts set that table's size ({@code hashLog}): zstd loads at most the last
 * {@code 2^(hashLog+3)} bytes of a dictionary, so a smaller table loses the start of the reference and
 * the patch balloons to most of the file; a larger one costs a random write per position into a table
 * far bigger than the caches (a 4 MB track: 35 ms at {@code hashLog} 20, 190 ms at 24, same 517-byte
 * patch). Hence {@code hashLog = log2(reference) - 3} at levels 1-2; the chained match finders of
 * higher levels need {@code hashLog = windowLog} (slower). Level 1 finds the long identical runs of audio
 * pages as well as level 19 does; levels 3-4 miss some (patches ~10x larger). Beyond 16 MB of
 * reference zstd uses only part of it and patches grow (still correct): refPrefix would fix that.
 */
public final class ZstdPatch {
    /** The CLI decodes windows up to 2^27 without extra flags. */
    static final int MAX_WINDOW_LOG = 27;
    private static final int MIN_WINDOW_LOG = 10;
    private static final int MIN_HASH_LOG = 16;
    /** Levels whose match finder loads the dictionary through the hash table alone (zstd's fast strategies). */
    private static final int FAST_LEVELS = 2;

    private final int level;

    public ZstdPatch(int level) {
        if (level < 1 || level > 19) {
            throw new IllegalArgumentException("zstd patch level must be 1..19, got " + level);
        }
        this.level = level;
    }

    /** A patch that rebuilds {@code target} from {@code reference}. */
    public byte[] create(byte[] reference, byte[] target) {
        int windowLog = windowLog((long) reference.length + target.length);
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level);
            ctx.setChecksum(true);
            ctx.setContentSize(true);
            ctx.setDictID(false);
            ctx.setWindowLog(windowLog);
            ctx.setHashLog(level <= FAST_LEVELS ? hashLog(reference.length, windowLog) : Math.min(windowLog, 30));
            ctx.loadDict(reference, ZstdDictContentType.RAW_CONTENT);
            return ctx.compress(target);
        }
    }

    /** Applies a patch (for verification): the target rebuilt from {@code reference}. */
    public static byte[] apply(byte[] reference, byte[] patch) {
        long size = Zstd.getFrameContentSize(patch);
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("patch does not declare a usable content size: " + size);
        }
        byte[] out = new byte[(int) size];
        long written = Zstd.decompressUsingDict(out, 0, patch, 0, patch.length, reference);
        if (Zstd.isError(written)) {
            throw new IllegalArgumentException("patch does not apply: " + Zstd.getErrorName(written));
        }
        return out;
    }

    /** A dictionary table that loads the whole reference (zstd keeps its last 2^(hashLog+3) bytes) and no bigger. */
    static int hashLog(long referenceBytes, int windowLog) {
        int referenceLog = 64 - Long.numberOfLeadingZeros(Math.max(1, referenceBytes - 1));
        return Math.max(MIN_HASH_LOG, Math.min(referenceLog - 3, Math.min(windowLog, 30)));
    }

    /** Smallest power of two covering reference and target together, within the CLI's default limit. */
    static int windowLog(long bytes) {
        int log = MIN_WINDOW_LOG;
        while (log < MAX_WINDOW_LOG && (1L << log) < bytes) {
            log++;
        }
        return log;
    }
}
