package org.longplay.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The contract for the system-ffmpeg transcoder, and what is particular to running a process. */
class FfmpegCliOpusTranscoderTest extends OpusTranscoderContract {
    private final OpusTranscoder transcoder = new FfmpegCliOpusTranscoder();

    @Override
    OpusTranscoder transcoder() {
        return transcoder;
    }

    @Override
    void assertDecodePosition(TranscodeException e, int damagedPageOffset) {
        // ffmpeg reports no position; the reason carries its stderr
        assertTrue(e.getMessage().contains("corrupt input packet") || e.getMessage().contains("Error while decoding"), e.getMessage());
    }

    @Test
    void nonzeroExitIsAnEncoderFailureWithTheStderrTailAndThePartialOutputDeleted() throws Exception {
        Path fake = dir.resolve("fake-ffmpeg");
        // writes a partial file to its last argument (file:<path>), complains, fails
        Files.writeString(fake, "#!/bin/sh\ncat > /dev/null\nfor last; do :; done\nprintf partial > \"${last#file:}\"\n"
                + "echo 'libopus: something broke' >&2\nexit 3\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        OpusTranscoder broken = new FfmpegCliOpusTranscoder(fake.toString(), Duration.ofMinutes(1));
        byte[] plain = Files.readAllBytes(MediaTools.REAL_VORBIS.resolve("mono-440-q2.ogg"));
        Path out = dir.resolve("partial.opus.ogg");
        TranscodeException e = assertThrows(TranscodeException.class, () -> broken.transcode(plain, 0, 75, out));
        assertEquals(TranscodeException.Kind.ENCODE, e.kind());
        assertTrue(e.getMessage().contains("exited with 3") && e.getMessage().contains("libopus: something broke"), e.getMessage());
        assertFalse(Files.exists(out), "partial output left behind");
    }

    @Test
    void missingBinaryIsAnEncoderFailure() throws Exception {
        OpusTranscoder missing = new FfmpegCliOpusTranscoder(dir.resolve("no-ffmpeg-here").toString(), Duration.ofMinutes(1));
        byte[] plain = Files.readAllBytes(MediaTools.REAL_VORBIS.resolve("mono-440-q2.ogg"));
        TranscodeException e = assertThrows(TranscodeException.class, () -> missing.transcode(plain, 0, 75, dir.resolve("x.ogg")));
        assertEquals(TranscodeException.Kind.ENCODE, e.kind());
    }

    @Test
    void commandSetsBitrateVbrRateAndDropsMetadata() {
        String cmd = String.join(" ", new FfmpegCliOpusTranscoder().command(2, 1234, 75, Path.of("/tmp/x.ogg")));
        assertTrue(cmd.contains("-c:a libopus -b:a 75k -vbr on"), cmd);
        assertTrue(cmd.contains("-ar 48000"), cmd);
        assertTrue(cmd.contains("-map_metadata -1"), cmd);
        assertTrue(cmd.contains("-serial_offset 1234"), cmd);
        assertFalse(cmd.contains("-ac 2"), cmd);
        assertTrue(String.join(" ", new FfmpegCliOpusTranscoder().command(6, 1234, 75, Path.of("/tmp/x.ogg"))).contains("-ac 2"));
    }
}
