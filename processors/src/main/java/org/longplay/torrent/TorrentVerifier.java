package org.longplay.torrent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks data on disk against a .torrent's v1 piece hashes, as a client's forced recheck does, and says
 * what is wrong in terms of files rather than piece numbers alone: a release is only worth seeding if
 * every piece a downloader asks for hashes right, and the fix is always to a file.
 *
 * <h2>What is checked</h2>
 * <ul>
 * <li>every v1 piece: the concatenation of the files in {@code info.files} order (or the single file),
 *     padding files (BEP 47, {@code attr} containing {@code p}) taken as zeros and never read from disk;
 *     v2 hashes of a hybrid are not checked (the v1 pieces cover the same bytes);</li>
 * <li>that each listed file exists, is a regular file and has the listed size;</li>
 * <li>that the data folder holds nothing else (any file, link or special file not listed, hidden ones
 *     included; empty folders are not files and are not reported).</li>
 * </ul>
 * A missing, short or unreadable file does not stop the check: its pieces cannot be hashed, the other
 * files' bytes in those pieces are reported as not verified, and every other piece is checked. A file
 * longer than listed is reported, and its first listed bytes are checked as a client would.
 *
 * <h2>Paths</h2>
 * Paths come from the torrent, which may be hostile: a component that is empty, {@code .} or {@code ..},
 * or holds {@code /} or NUL, or is not UTF-8, is reported and the file is never opened. Symbolic links
 * inside the folder are followed as {@link TorrentBuilder} follows them, but only to files inside the
 * folder; one that leads out is reported and not read.
 *
 * <h2>Info-hash</h2>
 * {@link Result#btih()} is the SHA-1 of the {@code info} value's bytes as they are in the file
 * ({@link BencodeReader#topLevelSpan}), not of a re-encoding, so it is the hash clients use even for a
 * torrent whose dictionary is not canonical.
 *
 * <h2>Memory and threads</h2>
 * The data is cut into tasks of whole pieces (about 8 MiB); each thread takes the next task and streams
 * it through SHA-1 with positional reads into its own 1 MiB buffer, so memory is one buffer per thread
 * whatever the piece length and the data size. Each piece's outcome is one byte at its index, so
 * scheduling does not change the report.
 *
 * <h2>Report</h2>
 * Pieces are numbered from 0, byte ranges are inclusive and relative to the file. Consecutive failing
 * pieces over one file are reported as one range ("pieces 3..9 do not match: a.ogg bytes 98304..327679"),
 * so a wholly wrong file gives one line, not thousands. Order: listed files' problems in torrent order,
 * read errors, files not in the torrent (sorted), then pieces in order.
 */
public final class TorrentVerifier {
    public static final int DEFAULT_THREADS = 2;
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int TASK_BYTES = 8 << 20;
    private static final byte[] ZEROS = new byte[64 * 1024];
    private static final byte MATCH = 1;
    private static final byte MISMATCH = 2;
    private static final byte INCOMPLETE = 3;

    private TorrentVerifier() {
    }

    /** A problem: {@code path} is relative to the data folder, {@code /}-separated (the file's name for a single-file torrent). */
    public record Mismatch(String path, String reason) {
    }

    /**
     * @param btih          v1 info-hash of the torrent, 40 lower-case hex digits
     * @param pieces        v1 pieces in the torrent
     * @param piecesChecked pieces whose bytes could all be read and were hashed
     * @param piecesFailed  of those, the pieces whose hash differs from the torrent's
     * @param mismatches    every problem found, in report order; empty when the data is complete and right
     */
    public record Result(String btih, int pieces, int piecesChecked, int piecesFailed, List<Mismatch> mismatches) {
        public Result {
            mismatches = List.copyOf(mismatches);
        }

        /** Every piece hashed right, every listed file is there with its size, and nothing else is. */
        public boolean ok() {
            return mismatches.isEmpty() && piecesFailed == 0 && piecesChecked == pieces;
        }
    }

    /** Checks {@code data}, the folder the torrent's {@code name} stands for (or its single file), against {@code torrentFile}. */
    public static Result verify(Path torrentFile, Path data) throws IOException {
        return verify(Files.readAllBytes(torrentFile), data, DEFAULT_THREADS);
    }

    /** As {@link #verify(Path, Path)}, with the .torrent's bytes. */
    public static Result verify(byte[] torrent, Path data) throws IOException {
        return verify(torrent, data, DEFAULT_THREADS);
    }

    /**
     * As {@link #verify(Path, Path)}, hashing on {@code threads} threads.
     *
     * @throws IOException if the torrent is malformed or has no v1 pieces, or {@code data} is missing or is
     *                     a folder where the torrent has a single file (or the reverse); problems with the
     *                     data inside are reported in the result instead
     */
    public static Result verify(byte[] torrent, Path data, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        BencodeReader.Span span = BencodeReader.topLevelSpan(torrent, "info");
        if (span == null) {
            throw new IOException("not a torrent: no info dictionary");
        }
        MessageDigest sha1 = TorrentBuilder.digest("SHA-1");
        sha1.update(torrent, span.start(), span.end() - span.start());
        String btih = HexFormat.of().formatHex(sha1.digest());
        if (!(BencodeReader.decode(torrent, span) instanceof Map<?, ?> info)) {
            throw new IOException("not a torrent: info is not a dictionary");
        }
        Check check = new Check(info, data);
        check.locateFiles();
        check.hash(threads);
        return check.report(btih);
    }

    /** One entry of the v1 file list: where its bytes lie among the pieces and where they are read from. */
    private static final class DataFile {
        final String path;
        final long offset;
        final long length;
        final boolean padding;
        /** The real file to read, or null if nothing is read. */
        Path source;
        /** Bytes from the start that can be read: the length, or less for a short or missing file. */
        long readable;
        /** Already reported as missing, short, unsafe or unreadable; its own bytes are not reported again per piece. */
        boolean problem;

        DataFile(String path, long offset, long length, boolean padding) {
            this.path = path;
            this.offset = offset;
            this.length = length;
            this.padding = padding;
        }

        long end() {
            return offset + length;
        }
    }

    /** The state of one verification. */
    private static final class Check {
        final Path data;
        final boolean single;
        final long pieceLength;
        final byte[] hashes;
        final List<DataFile> files = new ArrayList<>();
        final long[] ends;
        final long total;
        final int numPieces;
        final byte[] status;
        final List<Mismatch> fileProblems = new ArrayList<>();
        final Map<Integer, String> readErrors = new ConcurrentHashMap<>();
        /** Paths the torrent lists (safe ones, padding included): the files that are not "not in the torrent". */
        final Set<String> listedPaths = new HashSet<>();

        Check(Map<?, ?> info, Path data) throws IOException {
            this.data = data;
            this.pieceLength = number(info, "piece length");
            if (pieceLength <= 0) {
                throw new IOException("not a torrent: piece length " + pieceLength);
            }
            if (!(info.get("pieces") instanceof byte[] p)) {
                throw new IOException("no v1 piece hashes in the torrent (a v2-only torrent?)");
            }
            this.hashes = p;
            String name = text(bytes(info, "name"));
            Object list = info.get("files");
            this.single = list == null;
            long offset = 0;
            if (single) {
                long length = number(info, "length");
                if (length < 0) {
                    throw new IOException("not a torrent: length " + length);
                }
                files.add(new DataFile(name, 0, length, false));
                listedPaths.add(name);
                offset = length;
            } else {
                if (!(list instanceof List<?> entries)) {
                    throw new IOException("not a torrent: files is not a list");
                }
                for (Object e : entries) {
                    if (!(e instanceof Map<?, ?> entry)) {
                        throw new IOException("not a torrent: a files entry is not a dictionary");
                    }
                    long length = number(entry, "length");
                    if (length < 0) {
                        throw new IOException("not a torrent: file length " + length);
                    }
                    List<byte[]> components = components(entry.get("path"));
                    boolean padding = entry.get("attr") instanceof byte[] attr && text(attr).indexOf('p') >= 0;
                    String path = String.join("/", components.stream().map(Check::text).toList());
                    DataFile f = new DataFile(path, offset, length, padding);
                    files.add(f);
                    if (offset > Long.MAX_VALUE - length) {
                        throw new IOException("not a torrent: files add up to more than 2^63 bytes");
                    }
                    offset += length;
                    String unsafe = unsafePath(components);
                    if (unsafe != null) {
                        f.problem = true;
                        fileProblems.add(new Mismatch(path, "unsafe path in the torrent (" + unsafe + "); not read"));
                    } else if (!listedPaths.add(path) && !padding) {
                        fileProblems.add(new Mismatch(path, "listed more than once in the torrent"));
                    }
                }
            }
            this.total = offset;
            long expectedPieces = (total + pieceLength - 1) / pieceLength;
            if (hashes.length % 20 != 0 || hashes.length / 20 != expectedPieces) {
                throw new IOException("not a torrent: " + hashes.length + " bytes of piece hashes for " + total
                        + " bytes in pieces of " + pieceLength + " (" + expectedPieces + " pieces of 20 bytes)");
            }
            this.numPieces = (int) expectedPieces;
            this.status = new byte[numPieces];
            this.ends = files.stream().mapToLong(DataFile::end).toArray();
        }

        /** Finds each listed file on disk and notes how much of it can be read; reports what is wrong. */
        void locateFiles() throws IOException {
            if (single ? Files.isDirectory(data) : !Files.isDirectory(data)) {
                if (!Files.exists(data)) {
                    throw new NoSuchFileException(data.toString(), null, "no data to verify");
                }
                throw new IOException((single ? "the torrent has a single file but this is a folder: "
                        : "the torrent has a folder but this is not one: ") + data);
            }
            Path root = data.toRealPath();
            for (DataFile f : files) {
                if (f.padding || f.problem) {
                    continue;
                }
                Path candidate = single ? root : root.resolve(f.path).normalize();
                if (!candidate.startsWith(root)) {
                    fileProblems.add(problem(f, "leads outside the data folder; not read"));
                    continue;
                }
                Path real;
                BasicFileAttributes attrs;
                try {
                    real = candidate.toRealPath();
                    attrs = Files.readAttributes(real, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    fileProblems.add(problem(f, "missing"));
                    continue;
                } catch (IOException e) {
                    fileProblems.add(problem(f, "cannot be read: " + e));
                    continue;
                }
                if (!real.startsWith(root)) {
                    fileProblems.add(problem(f, "a symbolic link that leads outside the data folder; not read"));
                } else if (!attrs.isRegularFile()) {
                    fileProblems.add(problem(f, "not a regular file"));
                } else {
                    f.source = real;
                    f.readable = Math.min(attrs.size(), f.length);
                    if (attrs.size() != f.length) {
                        f.problem = attrs.size() < f.length;
                        fileProblems.add(new Mismatch(f.path, "is " + attrs.size() + " bytes, the torrent says " + f.length));
                    }
                }
            }
        }

        private static Mismatch problem(DataFile f, String reason) {
            f.problem = true;
            f.source = null;
            f.readable = 0;
            return new Mismatch(f.path, reason);
        }

        /** Files and links in the folder that the torrent does not list, sorted. */
        List<Mismatch> unlisted() throws IOException {
            List<Mismatch> extra = new ArrayList<>();
            if (single) {
                return extra;
            }
            Path root = data.toRealPath();
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String path = relative(root, file);
                    if (!listedPaths.contains(path)) {
                        extra.add(new Mismatch(path, "not in the torrent"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    extra.add(new Mismatch(relative(root, file), "cannot be listed: " + e));
                    return FileVisitResult.CONTINUE;
                }
            });
            extra.sort((a, b) -> Arrays.compareUnsigned(a.path().getBytes(StandardCharsets.UTF_8),
                    b.path().getBytes(StandardCharsets.UTF_8)));
            return extra;
        }

        private static String relative(Path root, Path file) {
            List<String> parts = new ArrayList<>();
            for (Path p : root.relativize(file)) {
                parts.add(p.toString());
            }
            return String.join("/", parts);
        }

        // ---- hashing ----------------------------------------------------------------------------

        void hash(int threads) throws IOException {
            int piecesPerTask = (int) Math.max(1, TASK_BYTES / pieceLength);
            int tasks = (int) ((numPieces + (long) piecesPerTask - 1) / piecesPerTask);
            AtomicInteger next = new AtomicInteger();
            Runnable worker = () -> {
                byte[] buf = new byte[BUFFER_BYTES];
                MessageDigest sha1 = TorrentBuilder.digest("SHA-1");
                for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                    int first = t * piecesPerTask;
                    hashPieces(first, Math.min(numPieces, first + piecesPerTask), buf, sha1);
                }
            };
            int n = Math.min(threads, tasks);
            if (n <= 1) {
                worker.run();
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
                Thread t = new Thread(r, "torrent-verify");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    running.add(pool.submit(worker));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IOException("verification failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        /** Hashes pieces {@code [first, end)} and records each one's outcome at its index. */
        private void hashPieces(int first, int end, byte[] buf, MessageDigest sha1) {
            long pos = first * pieceLength;
            long stopAt = Math.min(end * pieceLength, total);
            int piece = first;
            long pieceEnd = Math.min(pos + pieceLength, total);
            boolean incomplete = false;
            int fileIndex = firstFileEndingAfter(pos);
            FileChannel channel = null;
            int channelFile = -1;
            try {
                while (pos < stopAt) {
                    DataFile f = files.get(fileIndex);
                    if (pos >= f.end()) {
                        fileIndex++;
                        continue;
                    }
                    long stop = Math.min(f.end(), pieceEnd);
                    long inFile = pos - f.offset;
                    if (f.padding) {
                        for (long left = stop - pos; left > 0; left -= ZEROS.length) {
                            sha1.update(ZEROS, 0, (int) Math.min(left, ZEROS.length));
                        }
                    } else if (incomplete || inFile >= f.readable) {
                        incomplete = true;
                    } else {
                        stop = Math.min(stop, f.offset + f.readable);
                        if (channelFile != fileIndex) {
                            close(channel);
                            channel = open(fileIndex);
                            channelFile = fileIndex;
                        }
                        incomplete = channel == null || !read(channel, fileIndex, inFile, stop - pos, buf, sha1);
                    }
                    pos = stop;
                    if (pos == pieceEnd) {
                        status[piece] = incomplete ? INCOMPLETE : matches(piece, sha1) ? MATCH : MISMATCH;
                        sha1.reset();
                        incomplete = false;
                        piece++;
                        pieceEnd = Math.min(pieceEnd + pieceLength, total);
                    }
                }
            } finally {
                close(channel);
            }
        }

        private boolean matches(int piece, MessageDigest sha1) {
            byte[] digest = sha1.digest();
            return Arrays.equals(digest, 0, 20, hashes, piece * 20, piece * 20 + 20);
        }

        private FileChannel open(int fileIndex) {
            try {
                return FileChannel.open(files.get(fileIndex).source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                readErrors.putIfAbsent(fileIndex, e.toString());
                return null;
            }
        }

        /** Feeds {@code length} bytes of the file from {@code position} to the digest; false if they cannot all be read. */
        private boolean read(FileChannel channel, int fileIndex, long position, long length, byte[] buf, MessageDigest sha1) {
            try {
                long at = position;
                long left = length;
                while (left > 0) {
                    int n = channel.read(ByteBuffer.wrap(buf, 0, (int) Math.min(left, buf.length)), at);
                    if (n < 0) {
                        readErrors.putIfAbsent(fileIndex, "shrank to " + at + " bytes while being checked");
                        return false;
                    }
                    sha1.update(buf, 0, n);
                    at += n;
                    left -= n;
                }
                return true;
            } catch (IOException e) {
                readErrors.putIfAbsent(fileIndex, e.toString());
                return false;
            }
        }

        private static void close(FileChannel channel) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // read-only: nothing is lost
                }
            }
        }

        /** Index of the first file whose bytes end after {@code position} (empty files before it are skipped). */
        private int firstFileEndingAfter(long position) {
            int i = Arrays.binarySearch(ends, position);
            if (i < 0) {
                return -i - 1;
            }
            while (i < ends.length && ends[i] <= position) {
                i++;
            }
            return i;
        }

        // ---- report -----------------------------------------------------------------------------

        /** A run of consecutive pieces that failed (or could not be checked) over one file. */
        private static final class Run {
            final int file;
            final byte kind;
            final int firstPiece;
            int lastPiece;
            final long from;
            long to;

            Run(int file, byte kind, int piece, long from, long to) {
                this.file = file;
                this.kind = kind;
                this.firstPiece = piece;
                this.lastPiece = piece;
                this.from = from;
                this.to = to;
            }
        }

        Result report(String btih) throws IOException {
            List<Mismatch> out = new ArrayList<>(fileProblems);
            for (Map.Entry<Integer, String> e : new TreeMap<>(readErrors).entrySet()) {
                DataFile f = files.get(e.getKey());
                f.problem = true;
                out.add(new Mismatch(f.path, "cannot be read: " + e.getValue()));
            }
            out.addAll(unlisted());
            int checked = 0;
            int failed = 0;
            List<Run> open = new ArrayList<>();
            for (int p = 0; p < numPieces; p++) {
                byte s = status[p];
                if (s != INCOMPLETE) {
                    checked++;
                }
                if (s == MATCH) {
                    continue;
                }
                if (s == MISMATCH) {
                    failed++;
                }
                flush(open, p - 1, out, true);
                long start = p * pieceLength;
                long end = Math.min(start + pieceLength, total);
                List<Integer> covered = new ArrayList<>();
                for (int i = firstFileEndingAfter(start); i < files.size() && files.get(i).offset < end; i++) {
                    DataFile f = files.get(i);
                    if (f.length > 0 && !f.padding && (s == MISMATCH || !f.problem)) {
                        covered.add(i);
                    }
                }
                if (covered.isEmpty() && s == MISMATCH) {
                    // only padding: the torrent's own hash is wrong; name the padding files
                    for (int i = firstFileEndingAfter(start); i < files.size() && files.get(i).offset < end; i++) {
                        if (files.get(i).length > 0) {
                            covered.add(i);
                        }
                    }
                }
                for (int i : covered) {
                    DataFile f = files.get(i);
                    long from = Math.max(start, f.offset) - f.offset;
                    long to = Math.min(end, f.end()) - f.offset - 1;
                    Run run = null;
                    for (Run r : open) {
                        if (r.file == i && r.kind == s && r.lastPiece == p - 1 && r.to + 1 == from) {
                            run = r;
                        }
                    }
                    if (run == null) {
                        open.add(new Run(i, s, p, from, to));
                    } else {
                        run.lastPiece = p;
                        run.to = to;
                    }
                }
                flush(open, p, out, false);
            }
            flush(open, numPieces, out, true);
            return new Result(btih, numPieces, checked, failed, out);
        }

        /** Reports and drops the open runs that end before {@code piece} ({@code before}) or do not reach it. */
        private void flush(List<Run> open, int piece, List<Mismatch> out, boolean before) {
            for (Iterator<Run> it = open.iterator(); it.hasNext(); ) {
                Run r = it.next();
                if (before ? r.lastPiece < piece : r.lastPiece != piece) {
                    DataFile f = files.get(r.file);
                    String pieces = r.firstPiece == r.lastPiece ? "piece " + r.firstPiece : "pieces " + r.firstPiece + ".." + r.lastPiece;
                    String range = f.path + " bytes " + r.from + ".." + r.to;
                    out.add(new Mismatch(f.path, r.kind == MISMATCH
                            ? pieces + (r.firstPiece == r.lastPiece ? " does" : " do") + " not match: " + range
                            : pieces + " could not be checked (a missing, short or unreadable file shares it): " + range + " not verified"));
                    it.remove();
                }
            }
        }

        // ---- torrent fields ---------------------------------------------------------------------

        private static long number(Map<?, ?> dict, String key) throws IOException {
            if (dict.get(key) instanceof Long n) {
                return n;
            }
            throw new IOException("not a torrent: no integer " + key);
        }

        private static byte[] bytes(Map<?, ?> dict, String key) throws IOException {
            if (dict.get(key) instanceof byte[] b) {
                return b;
            }
            throw new IOException("not a torrent: no string " + key);
        }

        private static List<byte[]> components(Object path) throws IOException {
            if (!(path instanceof List<?> list) || list.isEmpty()) {
                throw new IOException("not a torrent: a file without a path");
            }
            List<byte[]> out = new ArrayList<>();
            for (Object c : list) {
                if (!(c instanceof byte[] b)) {
                    throw new IOException("not a torrent: a path component is not a string");
                }
                out.add(b);
            }
            return out;
        }

        /** For reports: UTF-8, with malformed bytes shown as U+FFFD. */
        private static String text(byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }

        /** Why a listed path may not be used under the data folder, or null if it may. */
        static String unsafePath(List<byte[]> components) {
            for (byte[] c : components) {
                if (c.length == 0) {
                    return "an empty component";
                }
                String s;
                try {
                    CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(c));
                    s = cb.toString();
                } catch (CharacterCodingException e) {
                    return "a component that is not UTF-8";
                }
                if (s.equals(".") || s.equals("..")) {
                    return "a '" + s + "' component";
                }
                if (s.indexOf('/') >= 0) {
                    return "a '/' inside a component";
                }
                if (s.indexOf('\0') >= 0) {
                    return "a NUL inside a component";
                }
            }
            return null;
        }
    }
}
