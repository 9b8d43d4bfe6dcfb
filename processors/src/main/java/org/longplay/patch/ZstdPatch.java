package org.longplay.patch;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictContentType;

/**
 * Patches in the format of {@code zstd --patch-from}: one zstd frame of the target, compressed with
 * the reference as a raw-content dictionary, so that {@code zstd -d --patch-from=<reference> <patch>}
 * gives the target back byte for byte. zstd-jni has no {@code refPrefix}; a raw dictionary with
 * long-distance matching, a window covering both files and {@code hashLog = windowLog} finds the
 * long identical runs (audio pages) the way the CLI does. Without that hashLog the patch balloons to
 * most of the file.
 */
public final class ZstdPatch {
    /** The CLI decodes windows up to 2^27 without extra flags. */
    static final int MAX_WINDOW_LOG = 27;
    private static final int MIN_WINDOW_LOG = 10;

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
            ctx.setHashLog(Math.min(windowLog, 30));
            ctx.setEnableLongDistanceMatching(Zstd.ParamSwitch.ENABLE);
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

    /** Smallest power of two covering reference and target together, within the CLI's default limit. */
    static int windowLog(long bytes) {
        int log = MIN_WINDOW_LOG;
        while (log < MAX_WINDOW_LOG && (1L << log) < bytes) {
            log++;
        }
        return log;
    }
}
