package org.longplay.torrent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Not a unit test: a one-off throughput check of {@link TorrentBuilder} against {@code mktorrent -t 2}
 * on the same folder. {@code java -cp ... org.longplay.torrent.TorrentHashBenchmark DIR [MB] [log2] [rounds]}
 * (creates DIR with MB of random data in 16 MB files if absent; runs each side a few times, warm cache).
 */
public final class TorrentHashBenchmark {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int mb = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int log2 = args.length > 2 ? Integer.parseInt(args[2]) : 22;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Random r = new Random(1);
            byte[] buf = new byte[16 << 20];
            for (int i = 0; i < mb / 16; i++) {
                r.nextBytes(buf);
                Files.write(dir.resolve(String.format("f%03d.bin", i)), buf);
            }
        }
        long bytes;
        try (var s = Files.walk(dir)) {
            bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        TorrentOptions o = TorrentOptions.defaults().withHashThreads(Integer.getInteger("threads", 2)).withPieceLength(1L << log2).withTrackers(List.of("http://t.example/a"));
        Path out = Files.createTempDirectory("bench").resolve("mktorrent.torrent");
        if (Boolean.getBoolean("warm")) {
            long w0 = System.nanoTime();
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-1");
            byte[] zeros = new byte[1 << 16];
            for (int i = 0; i < Integer.getInteger("warmMb", 64) * 16; i++) {
                md.update(zeros);
                if (i % 64 == 0) {
                    md.digest();
                }
            }
            System.out.printf("warm-up %.3f s%n", (System.nanoTime() - w0) / 1e9);
        }
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            Torrent t = new TorrentBuilder(o).build(dir);
            double java = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            Process p = new ProcessBuilder("mktorrent", "-t", "2", "-l", Integer.toString(log2), "-a", "http://t.example/a",
                    "-o", out.toString(), dir.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            double mk = (System.nanoTime() - t0) / 1e9;
            String theirs = TorrentTestSupport.sha1Hex(TorrentTestSupport.infoSpan(Files.readAllBytes(out)));
            if (!theirs.equals(t.btih())) {
                throw new AssertionError("mktorrent " + theirs + " but ours " + t.btih());
            }
            Files.delete(out);
            t0 = System.nanoTime();
            Torrent h = new TorrentBuilder(o.withHybrid(true)).build(dir);
            double hy = (System.nanoTime() - t0) / 1e9;
            System.out.printf("round %d: %.0f MB; java v1 %.2f s (%.0f MB/s), mktorrent -t 2 %.2f s (%.0f MB/s), java hybrid %.2f s (%.0f MB/s) [%s %s]%n",
                    round, bytes / 1e6, java, bytes / 1e6 / java, mk, bytes / 1e6 / mk, hy, bytes / 1e6 / hy, t.btih(), h.btmh());
        }
    }
}
