package org.longplay.transcode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.longplay.fixtures.SyntheticAudio;
import org.longplay.ogg.OriginalOgg;

/**
 * Throwaway measurement main (not a test): transcodes a list of originals with N threads and prints one
 * line of figures; used by {@code bench/opus-benchmark.sh}.
 *
 * <pre>
 * TranscodeBench run &lt;javacv|javacv-system|javacv-bundled|ffmpeg-cli&gt; &lt;threads&gt; &lt;kbit&gt; &lt;out dir&gt; &lt;list file: one original per line&gt;
 * TranscodeBench synth &lt;seconds&gt; &lt;out file&gt;        (a stereo 44.1 kHz SyntheticAudio original)
 * </pre>
 *
 * Each original is read and inspected (prefix skipped) before the clock starts; the clock covers the
 * transcodes only. Real-time factor per core = audio seconds / (wall seconds × threads); rtf_per_cpu_s =
 * audio seconds / CPU seconds of the transcoding threads (native code included), which a busy machine
 * disturbs less than wall time (it says nothing for ffmpeg-cli, whose work is in child processes).
 */
public final class TranscodeBench {
    private TranscodeBench() {
    }

    /** {@code javacv} (libopus auto), {@code javacv-system}, {@code javacv-bundled} or {@code ffmpeg-cli}. */
    static OpusTranscoder transcoder(String name) {
        if (name.equals("ffmpeg-cli")) {
            return new FfmpegCliOpusTranscoder();
        }
        return new JavaCvOpusTranscoder(name.startsWith("javacv-") ? name.substring("javacv-".length()) : "auto");
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("synth")) {
            Files.write(Path.of(args[2]), SyntheticAudio.encode(1, 1, Double.parseDouble(args[1])));
            return;
        }
        if (args.length != 6 || !args[0].equals("run")) {
            System.err.println("usage: TranscodeBench run <javacv|javacv-system|javacv-bundled|ffmpeg-cli> <threads> <kbit> <out dir> <list file>");
            System.exit(2);
        }
        OpusTranscoder transcoder = transcoder(args[1]);
        int threads = Integer.parseInt(args[2]);
        int kbit = Integer.parseInt(args[3]);
        Path outDir = Files.createDirectories(Path.of(args[4]));
        List<Path> files = Files.readAllLines(Path.of(args[5])).stream().filter(s -> !s.isBlank()).map(Path::of).toList();
        List<byte[]> data = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            data.add(bytes);
            offsets.add(OriginalOgg.inspect(bytes).vorbisOffset());
        }
        // warm-up: loads the natives and JIT-compiles the loop (not counted)
        transcoder.transcode(data.get(0), offsets.get(0), kbit, outDir.resolve("warmup.ogg"));
        Files.deleteIfExists(outDir.resolve("warmup.ogg"));

        AtomicLong samples = new AtomicLong();
        AtomicLong bytesOut = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                long cpu0 = mx.getCurrentThreadCpuTime();
                Path out = outDir.resolve(files.get(n).getFileName().toString().replaceFirst("\\.ogg$", "") + ".opus");
                OpusResult r = transcoder.transcode(data.get(n), offsets.get(n), kbit, out);
                samples.addAndGet(r.samples48k());
                bytesOut.addAndGet(Files.size(out));
                cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        double audio = samples.get() / 48000.0;
        System.out.printf(Locale.ROOT, "transcoder=%s threads=%d files=%d audio_s=%.1f wall_s=%.2f rtf=%.1f rtf_per_core=%.1f cpu_s=%.2f rtf_per_cpu_s=%.1f bytes_out=%d kbit_avg=%.1f%n",
                transcoder.name(), threads, files.size(), audio, wall, audio / wall, audio / wall / threads, cpuNanos.get() / 1e9,
                audio / (cpuNanos.get() / 1e9), bytesOut.get(),
                bytesOut.get() * 8 / audio / 1000);
    }
}
