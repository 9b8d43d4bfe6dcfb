package org.longplay.transcode;

import org.longplay.ogg.CorruptOriginalException;
import org.longplay.ogg.OggOpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The alternative transcoder: a system {@code ffmpeg} binary (default {@code ffmpeg} on the PATH), one
 * process per track, with the same settings as {@link JavaCvOpusTranscoder}:
 *
 * <pre>
 * ffmpeg -nostats -loglevel error -xerror -f ogg -i pipe:0 -map 0:a:0 -map_metadata -1 -fflags +bitexact -flags:a +bitexact
 *        [-ac 2] -c:a libopus -b:a &lt;kbit&gt;k -vbr on -application audio -ar 48000 -f ogg -serial_offset &lt;serial&gt;
 *        -y file:&lt;out&gt;
 * </pre>
 *
 * The Vorbis bytes go to the process on stdin (a pipe, no temporary input file); {@code -map_metadata -1}
 * and the bitexact flags keep the original's tags and FFmpeg's {@code encoder} tag out of the file (the
 * caller writes the tags); bitexact mode with {@code -serial_offset} gives the original's stream serial
 * instead of a random one, so the same input gives the same bytes. Channels as in {@link JavaCvOpusTranscoder}: mono and stereo kept, more than
 * two downmixed to stereo ({@code -ac 2}, FFmpeg's default matrix). The input's pages are walked first
 * ({@link VorbisFraming}) because ffmpeg, too, plays a truncated stream without an error; {@code -xerror}
 * makes it stop at the first undecodable packet instead of skipping it. A nonzero exit is a
 * {@link TranscodeException} with the tail of ffmpeg's stderr: of kind {@code DECODE} when ffmpeg blames
 * the Vorbis decoder or the Ogg demuxer (ffmpeg gives no position then), else {@code ENCODE}. The
 * partial output is deleted.
 */
public final class FfmpegCliOpusTranscoder implements OpusTranscoder {
    private static final int STDERR_TAIL = 2000;
    /** What ffmpeg says when the input, not the encoder, is at fault. */
    private static final java.util.regex.Pattern DECODE_ERROR = java.util.regex.Pattern.compile(
            "Error while decoding|corrupt input packet|Invalid data found|\\[(vorbis|ogg) @[^]]*\\]");

    private final String ffmpeg;
    private final Duration timeout;

    /** {@code ffmpeg} from the PATH, 10 minutes per track at most. */
    public FfmpegCliOpusTranscoder() {
        this("ffmpeg", Duration.ofMinutes(10));
    }

    /** The given binary (a name looked up on the PATH, or a path), with a per-track time limit. */
    public FfmpegCliOpusTranscoder(String ffmpeg, Duration timeout) {
        this.ffmpeg = ffmpeg == null || ffmpeg.isBlank() ? "ffmpeg" : ffmpeg;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "ffmpeg-cli";
    }

    /** The command line for one track (without the input, which goes to stdin). */
    List<String> command(int channels, int serial, int kbit, Path out) {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostats", "-loglevel", "error", "-xerror",
                "-f", "ogg", "-i", "pipe:0", "-map", "0:a:0", "-map_metadata", "-1",
                "-fflags", "+bitexact", "-flags:a", "+bitexact"));
        if (channels > 2) {
            cmd.addAll(List.of("-ac", "2"));
        }
        cmd.addAll(List.of("-c:a", "libopus", "-b:a", kbit + "k", "-vbr", "on", "-application", "audio",
                "-ar", Integer.toString(OPUS_RATE), "-f", "ogg", "-serial_offset", Integer.toString(serial), "-y",
                "file:" + out.toAbsolutePath()));
        return cmd;
    }

    @Override
    public OpusResult transcode(byte[] vorbis, int offset, int kbit, Path out) throws TranscodeException, IOException {
        if (kbit < 6 || kbit > 510) {
            throw new IllegalArgumentException("Opus bitrate out of range (6..510 kbit/s): " + kbit);
        }
        boolean done = false;
        try {
            VorbisFraming.Info framing = VorbisFraming.check(vorbis, offset);
            OpusResult result = run(command(framing.channels(), framing.outputSerial(), kbit, out), vorbis, offset, out);
            done = true;
            return result;
        } finally {
            if (!done) {
                Files.deleteIfExists(out);
            }
        }
    }

    private OpusResult run(List<String> cmd, byte[] vorbis, int offset, Path out) throws TranscodeException, IOException {
        Process process;
        try {
            process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw TranscodeException.encode("cannot run " + ffmpeg + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread errReader = daemon("ffmpeg-stderr", () -> copy(process.getErrorStream(), stderr));
        Thread writer = daemon("ffmpeg-stdin", () -> {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(vorbis, offset, vorbis.length - offset);
            } catch (IOException e) {
                // ffmpeg exited early (its exit code and stderr tell why)
            }
        });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw TranscodeException.encode(ffmpeg + " did not finish within " + timeout);
            }
            writer.join();
            errReader.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw TranscodeException.encode("interrupted while " + ffmpeg + " was running", e);
        }
        int exit = process.exitValue();
        String err = tail(stderr);
        if (exit != 0) {
            String reason = ffmpeg + " exited with " + exit + (err.isEmpty() ? "" : ": " + err);
            if (DECODE_ERROR.matcher(err).find()) {
                throw TranscodeException.decode(reason, -1, Double.NaN);
            }
            throw TranscodeException.encode(reason);
        }
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            throw TranscodeException.encode(ffmpeg + " wrote no output" + (err.isEmpty() ? "" : ": " + err));
        }
        try {
            OggOpus written = OggOpus.inspect(java.nio.file.Files.readAllBytes(out));
            return OpusResult.of(written.channels(), written.samples48k());
        } catch (CorruptOriginalException e) {
            throw TranscodeException.encode(ffmpeg + " wrote an invalid Ogg Opus file: " + e.getMessage());
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void copy(InputStream in, ByteArrayOutputStream sink) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (sink) {
                    sink.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private static String tail(ByteArrayOutputStream stderr) {
        String text;
        synchronized (stderr) {
            text = stderr.toString(StandardCharsets.UTF_8).strip();
        }
        return text.length() <= STDERR_TAIL ? text : "…" + text.substring(text.length() - STDERR_TAIL);
    }
}
