package org.longplay.torrent;

import com.dampcake.bencode.Bencode;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Builds deterministic .torrent files from a folder or a single file: BitTorrent v1, or hybrid v1+v2.
 *
 * <h2>What goes in</h2>
 * Everything under the folder, as mktorrent takes it: hidden files (dot files and dot folders) and
 * empty files included, empty folders left out (a torrent lists files only). A symbolic link to a
 * regular file inside the folder is taken as that file's content, under the link's name (mktorrent
 * follows links too); a link that points outside the folder, a link to a folder, and anything that is
 * neither a file nor a folder (fifo, socket, device) is refused with an {@link IOException}: nothing
 * is skipped silently. Names are written as the UTF-8 bytes of their Java strings, unnormalised, so
 * decomposed accents and characters such as {@code :} stay as the file system holds them; the JVM must
 * decode file names as UTF-8 ({@code sun.jnu.encoding}, set by a UTF-8 locale), or non-ASCII names are refused.
 *
 * <h2>v1</h2>
 * The info dictionary holds only {@code name}, {@code piece length}, {@code pieces}, and {@code files}
 * (each {@code length} and {@code path}) or, for a single file, {@code length}. Files are ordered by the
 * unsigned bytes of their {@code /}-separated UTF-8 relative path, as mktorrent orders them (so
 * {@code a-b} comes before {@code a/z}); empty files are listed with length 0, as mktorrent does. With the
 * same data and piece length the info-hash equals mktorrent's.
 *
 * <h2>Hybrid</h2>
 * BEP 52 plus BEP 47: {@code meta version} 2, {@code file tree} with a SHA-256 merkle root per file over
 * 16 KiB blocks (leaves past the file's end are zero hashes), {@code piece layers} for files larger than
 * one piece, and the v1 {@code files} list in the same order as the file tree (path components compared
 * as unsigned bytes, which is what a bencoded tree's sorted keys give; libtorrent refuses a hybrid whose
 * two lists disagree) with a padding file ({@code attr} "p", path {@code .pad/<bytes>}) after every file
 * whose end is not on a piece boundary, except the last file. Empty files have no {@code pieces root} and no padding.
 *
 * <h2>Piece length</h2>
 * From {@link TorrentOptions#pieceLength()}, or automatic: {@link #automaticPieceLength(long)}.
 *
 * <h2>Hashing</h2>
 * The data is cut, in order, into chunks of whole pieces (about 8 MiB); {@link TorrentOptions#hashThreads()}
 * threads each take a chunk, hash it and write its pieces' hashes at their index, so the order does not
 * depend on scheduling. The hashing threads get the bytes themselves: runs of 1 MiB or more are
 * memory-mapped and hashed straight from the page cache (unmapped as soon as they are hashed), shorter
 * ones are read with positional reads into the thread's buffer; copying from the page cache costs about
 * as much CPU as SHA-1 itself, so a separate reading thread would halve the speed on two cores. The
 * calling thread only plans chunks and waits. Heap memory is one chunk per thread, whatever the size of
 * the files. Measured on 537 MB of 16 MB files, 4 MiB pieces, warm cache, two cores: v1 0.23-0.28 s
 * against 0.24-0.28 s for {@code mktorrent -t 2} (the first build in a JVM, before JIT compilation:
 * 0.54 s), hybrid 0.44-0.55 s.
 *
 * <h2>Determinism</h2>
 * No date unless configured, no file times, no attributes but padding: the same data and options give
 * the same bytes.
 */
public final class TorrentBuilder {
    /** BEP 52 merkle block size. */
    public static final int BLOCK = 16 * 1024;
    public static final long MIN_AUTOMATIC_PIECE = 256L * 1024;
    public static final long MAX_AUTOMATIC_PIECE = 16L * 1024 * 1024;
    /** The automatic piece length gives between this many and twice as many pieces, between the bounds. */
    public static final long TARGET_PIECES = 1500;
    private static final int CHUNK_BYTES = 8 * 1024 * 1024;
    private static final byte[] ZEROS = new byte[64 * 1024];
    private static final Bencode BENCODE = new Bencode(StandardCharsets.ISO_8859_1);

    private final TorrentOptions options;

    public TorrentBuilder(TorrentOptions options) {
        this.options = options;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts, once per JVM, a background thread that hashes 64 MiB of zeros with SHA-1 and SHA-256, so the
     * JIT has compiled the hashing (with its SHA instructions) before the first torrent is built: until
     * then Java's SHA-1 runs at a third of its speed. Called while the runtime starts, it costs the
     * release no wall time (measured: a first 4.4 GB build 0.76x -> 0.83x mktorrent's rate).
     */
    public static void warmUpInBackground() {
        if (!WARMED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            byte[] zeros = new byte[1 << 16];
            for (String algorithm : List.of("SHA-1", "SHA-256")) {
                MessageDigest md = digest(algorithm);
                for (int i = 0; i < 1024; i++) {
                    md.update(zeros);
                    if (i % 64 == 63) {
                        md.digest();
                    }
                }
            }
        }, "hash-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * The largest power of two not above {@code totalBytes / 1500}, clamped to 256 KiB..16 MiB: between
     * 1,500 and 3,000 pieces from 375 MiB to 23 GiB of data, fewer below (256 KiB pieces), more above (16 MiB pieces).
     */
    public static long automaticPieceLength(long totalBytes) {
        long ideal = totalBytes / TARGET_PIECES;
        long p = ideal <= 0 ? MIN_AUTOMATIC_PIECE : Long.highestOneBit(ideal);
        return Math.max(MIN_AUTOMATIC_PIECE, Math.min(MAX_AUTOMATIC_PIECE, p));
    }

    /** One data file: where it is read from and its path components (UTF-8) inside the torrent. */
    record Entry(Path source, List<byte[]> components, String path, long size) {
        byte[] joined() {
            return path.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Builds the torrent of a folder (everything under it) or of a single file. */
    public Torrent build(Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Path rootName = root.getFileName();
        if (rootName == null) {
            throw new IOException("cannot make a torrent of the file system root: " + target);
        }
        String name = checkedName(rootName.toString(), root);
        boolean single = Files.isRegularFile(root);
        List<Entry> entries = single
                ? List.of(new Entry(root, List.of(name.getBytes(StandardCharsets.UTF_8)), name, Files.size(root)))
                : scan(root);
        if (entries.isEmpty()) {
            throw new IOException("no files to make a torrent of under " + target);
        }
        long dataSize = entries.stream().mapToLong(Entry::size).sum();
        if (dataSize == 0) {
            throw new IOException("only empty files under " + target + ": a torrent needs at least one byte");
        }
        long pieceLength = options.pieceLength() != 0 ? options.pieceLength() : automaticPieceLength(dataSize);
        List<Entry> ordered = new ArrayList<>(entries);
        ordered.sort(options.hybrid() ? TorrentBuilder::compareComponents
                : (a, b) -> Arrays.compareUnsigned(a.joined(), b.joined()));
        return options.hybrid()
                ? hybrid(name, single, ordered, (int) pieceLength, dataSize)
                : v1(name, single, ordered, (int) pieceLength, dataSize);
    }

    // ---- v1 -------------------------------------------------------------------------------------

    private Torrent v1(String name, boolean single, List<Entry> files, int pieceLength, long dataSize) throws IOException {
        long numPieces = (dataSize + pieceLength - 1) / pieceLength;
        if (numPieces * 20 > Integer.MAX_VALUE) {
            throw new IOException("too many pieces: " + numPieces + "; use a larger piece length");
        }
        byte[] pieces = new byte[(int) (numPieces * 20)];
        try (Hasher hasher = new Hasher(pieceLength)) {
            int chunk = hasher.chunkBytes;
            List<Segment> segments = new ArrayList<>();
            int fill = 0;
            long piece = 0;
            for (Entry e : files) {
                long position = 0;
                while (position < e.size()) {
                    int want = (int) Math.min(e.size() - position, chunk - fill);
                    segments.add(new Segment(e, position, want));
                    fill += want;
                    position += want;
                    if (fill == chunk) {
                        hasher.submitV1(List.copyOf(segments), fill, piece, pieces);
                        piece += fill / pieceLength;
                        segments.clear();
                        fill = 0;
                    }
                }
            }
            if (fill > 0) {
                hasher.submitV1(List.copyOf(segments), fill, piece, pieces);
            }
            hasher.finish();
        }
        Map<String, Object> info = new TreeMap<>();
        info.put("name", utf8(name));
        info.put("piece length", (long) pieceLength);
        info.put("pieces", pieces);
        List<Torrent.TorrentFile> listed = new ArrayList<>();
        if (single) {
            info.put("length", dataSize);
            listed.add(new Torrent.TorrentFile(name, 0, dataSize));
        } else {
            List<Object> list = new ArrayList<>();
            long offset = 0;
            for (Entry e : files) {
                list.add(fileDict(e.size(), e.components(), false));
                listed.add(new Torrent.TorrentFile(e.path(), offset, e.size()));
                offset += e.size();
            }
            info.put("files", list);
        }
        return finish(name, info, null, pieceLength, dataSize, listed);
    }

    // ---- hybrid ---------------------------------------------------------------------------------

    /** Per-file v2 state, filled by the hashing threads. */
    static final class V2File {
        final Entry entry;
        final boolean padAfter;
        final int numPieces;
        final byte[] layer;   // numPieces * 32 when larger than a piece
        byte[] root;          // set by the single task of a file no larger than a piece, or at the end

        V2File(Entry entry, boolean padAfter, int pieceLength) {
            this.entry = entry;
            this.padAfter = padAfter;
            this.numPieces = (int) ((entry.size() + pieceLength - 1) / pieceLength);
            this.layer = entry.size() > pieceLength ? new byte[numPieces * 32] : null;
        }
    }

    private Torrent hybrid(String name, boolean single, List<Entry> files, int pieceLength, long dataSize) throws IOException {
        List<V2File> v2 = new ArrayList<>();
        long totalPieces = 0;
        for (int i = 0; i < files.size(); i++) {
            Entry e = files.get(i);
            boolean last = i == files.size() - 1;
            V2File f = new V2File(e, !last && e.size() % pieceLength != 0, pieceLength);
            v2.add(f);
            totalPieces += f.numPieces;
        }
        if (totalPieces * 20 > Integer.MAX_VALUE) {
            throw new IOException("too many pieces: " + totalPieces + "; use a larger piece length");
        }
        byte[] pieces = new byte[(int) (totalPieces * 20)];
        try (Hasher hasher = new Hasher(pieceLength)) {
            long piece = 0;
            for (V2File f : v2) {
                long position = 0;
                int filePiece = 0;
                while (position < f.entry.size()) {
                    int want = (int) Math.min(f.entry.size() - position, hasher.chunkBytes);
                    hasher.submitHybrid(new Segment(f.entry, position, want), piece + filePiece, pieces, f, filePiece);
                    position += want;
                    filePiece += (want + pieceLength - 1) / pieceLength;
                }
                piece += f.numPieces;
            }
            hasher.finish();
        }
        int blocksPerPiece = pieceLength / BLOCK;
        byte[] padPiece = zeroSubtree(Integer.numberOfTrailingZeros(blocksPerPiece));
        Map<String, Object> layers = new TreeMap<>();
        Map<String, Object> tree = new TreeMap<>();
        List<Object> list = new ArrayList<>();
        List<Torrent.TorrentFile> listed = new ArrayList<>();
        long offset = 0;
        for (V2File f : v2) {
            long size = f.entry.size();
            Map<String, Object> leaf = new TreeMap<>();
            leaf.put("length", size);
            if (f.layer != null) {
                f.root = merkleRoot(f.layer, f.numPieces, padPiece);
                layers.put(latin1(f.root), f.layer);
            }
            if (size > 0) {
                leaf.put("pieces root", f.root);
            }
            Map<String, Object> node = tree;
            List<byte[]> comps = single ? List.of(utf8(name)) : f.entry.components();
            for (byte[] c : comps) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(latin1(c), k -> new TreeMap<String, Object>());
                node = child;
            }
            node.put("", leaf);
            listed.add(new Torrent.TorrentFile(f.entry.path(), offset, size));
            list.add(fileDict(size, f.entry.components(), false));
            offset += size;
            if (f.padAfter) {
                long pad = pieceLength - size % pieceLength;
                list.add(fileDict(pad, List.of(utf8(".pad"), utf8(Long.toString(pad))), true));
                offset += pad;
            }
        }
        Map<String, Object> info = new TreeMap<>();
        info.put("name", utf8(name));
        info.put("piece length", (long) pieceLength);
        info.put("pieces", pieces);
        info.put("meta version", 2L);
        info.put("file tree", tree);
        if (single) {
            info.put("length", dataSize);
        } else {
            info.put("files", list);
        }
        return finish(name, info, layers, pieceLength, dataSize, listed);
    }

    // ---- the .torrent ---------------------------------------------------------------------------

    private Torrent finish(String name, Map<String, Object> info, Map<String, Object> pieceLayers, int pieceLength,
                           long dataSize, List<Torrent.TorrentFile> listed) {
        byte[] infoBytes = BENCODE.encode(info);
        String btih = HexFormat.of().formatHex(digest("SHA-1").digest(infoBytes));
        String btmh = pieceLayers == null ? null : HexFormat.of().formatHex(digest("SHA-256").digest(infoBytes));
        Map<String, Object> top = new TreeMap<>();
        List<String> trackers = options.trackers();
        if (!trackers.isEmpty()) {
            top.put("announce", utf8(trackers.get(0)));
            if (trackers.size() > 1) {
                List<Object> tiers = new ArrayList<>();
                for (String t : trackers) {
                    tiers.add(List.of(utf8(t)));
                }
                top.put("announce-list", tiers);
            }
        }
        if (!options.webSeeds().isEmpty()) {
            List<Object> seeds = new ArrayList<>();
            for (String w : options.webSeeds()) {
                seeds.add(utf8(w));
            }
            top.put("url-list", seeds);
        }
        if (options.createdBy() != null) {
            top.put("created by", utf8(options.createdBy()));
        }
        if (options.creationDate() != null) {
            top.put("creation date", options.creationDate().getEpochSecond());
        }
        top.put("info", info);
        if (pieceLayers != null) {
            top.put("piece layers", pieceLayers);
        }
        byte[] bytes = BENCODE.encode(top);
        return new Torrent(bytes, name, btih, btmh, pieceLength, dataSize, listed, trackers);
    }

    private static Map<String, Object> fileDict(long length, List<byte[]> path, boolean padding) {
        Map<String, Object> d = new TreeMap<>();
        if (padding) {
            d.put("attr", utf8("p"));
        }
        d.put("length", length);
        d.put("path", new ArrayList<Object>(path));
        return d;
    }

    // ---- scanning -------------------------------------------------------------------------------

    private static List<Entry> scan(Path root) throws IOException {
        Path realRoot = root.toRealPath();
        List<Entry> out = new ArrayList<>();
        // walk the real folder, so that a folder given through a link is walked too
        Files.walkFileTree(realRoot, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                long size;
                if (attrs.isSymbolicLink()) {
                    Path real = file.toRealPath();
                    if (!real.startsWith(realRoot)) {
                        throw new IOException("symbolic link points outside the folder: " + file + " -> " + real);
                    }
                    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                        throw new IOException("symbolic link to something other than a file: " + file + " -> " + real);
                    }
                    size = Files.size(real);
                } else if (attrs.isRegularFile()) {
                    size = attrs.size();
                } else {
                    throw new IOException("neither a file nor a folder: " + file);
                }
                Path rel = realRoot.relativize(file);
                List<byte[]> comps = new ArrayList<>();
                StringBuilder joined = new StringBuilder();
                for (Path p : rel) {
                    String c = checkedName(p.toString(), file);
                    comps.add(utf8(c));
                    if (joined.length() > 0) {
                        joined.append('/');
                    }
                    joined.append(c);
                }
                out.add(new Entry(file, comps, joined.toString(), size));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                throw exc;
            }
        });
        return out;
    }

    private static String checkedName(String name, Path where) throws IOException {
        boolean utf8Names = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));
        if (!utf8Names && !name.chars().allMatch(c -> c < 0x80)) {
            throw new IOException("non-ASCII file name but the JVM does not decode file names as UTF-8 "
                    + "(run with a UTF-8 locale): " + where);
        }
        if (name.indexOf('\uFFFD') >= 0) {
            throw new IOException("file name is not valid UTF-8: " + where);
        }
        return name;
    }

    private static int compareComponents(Entry a, Entry b) {
        List<byte[]> x = a.components();
        List<byte[]> y = b.components();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = Arrays.compareUnsigned(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    /** {@code length} bytes of a file from {@code position}. */
    record Segment(Entry entry, long position, int length) {
        /**
         * The bytes, positioned at 0: memory-mapped when the segment is large (hashing straight from the
         * page cache, with no copy: about twice as fast as reading into the heap), otherwise read into
         * {@code buf} at {@code offset}. The caller gives the buffer back with {@link #release(ByteBuffer)}.
         * Also checks that the file still has the size it had when the folder was scanned.
         */
        ByteBuffer bytes(byte[] buf, int offset) throws IOException {
            try (FileChannel ch = FileChannel.open(entry.source(), StandardOpenOption.READ)) {
                if (ch.size() != entry.size()) {
                    throw new IOException("file changed size while hashing: " + entry.source());
                }
                if (length >= MAP_AT_LEAST && UNMAP != null) {
                    return ch.map(FileChannel.MapMode.READ_ONLY, position, length);
                }
                ByteBuffer bb = ByteBuffer.wrap(buf, offset, length);
                long at = position;
                while (bb.hasRemaining()) {
                    int n = ch.read(bb, at);
                    if (n < 0) {
                        throw new IOException("file shrank while hashing: " + entry.source());
                    }
                    at += n;
                }
                return ByteBuffer.wrap(buf, offset, length).slice();
            }
        }

        static void release(ByteBuffer bb) {
            if (bb != null && bb.isDirect() && UNMAP != null) {
                try {
                    UNMAP.invoke(UNSAFE, bb);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot unmap", e);
                }
            }
        }
    }

    /** Segments at least this large are memory-mapped. */
    private static final int MAP_AT_LEAST = Integer.getInteger("longplay.torrent.map-at-least", 1 << 20);
    private static final Object UNSAFE;
    /**
     * {@code sun.misc.Unsafe.invokeCleaner}: unmaps a mapping as soon as its chunk is hashed rather than
     * at some later garbage collection (a release maps tens of thousands of chunks; the kernel allows
     * about 65,000 mappings per process). Without it, every segment is read instead.
     */
    private static final Method UNMAP;

    static {
        Object unsafe = null;
        Method unmap = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            unmap = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            unmap = null;
        }
        UNSAFE = unsafe;
        UNMAP = unmap;
    }

    // ---- hashing --------------------------------------------------------------------------------

    /**
     * A fixed pool of hashing threads, each reading its chunks with positional reads into its own buffer
     * and hashing them; at most two chunks per thread wait in the queue. Results land at their index.
     */
    private final class Hasher implements AutoCloseable {
        final int pieceLength;
        final int chunkBytes;
        private final ExecutorService pool;
        private final Semaphore queued;
        private final ThreadLocal<byte[]> buffers;
        private final List<Future<?>> pending = new ArrayList<>();

        Hasher(int pieceLength) {
            this.pieceLength = pieceLength;
            this.chunkBytes = Math.max(1, CHUNK_BYTES / pieceLength) * pieceLength;
            int threads = options.hashThreads();
            this.queued = new Semaphore(threads * 2);
            this.buffers = ThreadLocal.withInitial(() -> new byte[chunkBytes]);
            this.pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "torrent-hash");
                t.setDaemon(true);
                return t;
            });
        }

        private interface Work {
            void run(byte[] buf) throws Exception;
        }

        private void submit(Work work) throws IOException {
            try {
                queued.acquire();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ie);
            }
            pending.add(pool.submit(() -> {
                try {
                    work.run(buffers.get());
                } catch (InternalError e) {
                    // SIGBUS: a mapped file was truncated under us
                    throw new IOException("a file changed while it was being hashed", e);
                } finally {
                    queued.release();
                }
                return null;
            }));
            while (!pending.isEmpty() && pending.get(0).isDone()) {
                get(pending.remove(0));
            }
        }

        void submitV1(List<Segment> segments, int len, long firstPiece, byte[] pieces) throws IOException {
            submit(buf -> {
                MessageDigest sha1 = digest("SHA-1");
                int fill = 0;
                int inPiece = 0;
                long p = firstPiece;
                for (Segment s : segments) {
                    ByteBuffer bb = s.bytes(buf, fill);
                    fill += s.length();
                    try {
                        while (bb.hasRemaining()) {
                            int k = Math.min(pieceLength - inPiece, bb.remaining());
                            int limit = bb.limit();
                            bb.limit(bb.position() + k);
                            sha1.update(bb);
                            bb.limit(limit);
                            inPiece += k;
                            if (inPiece == pieceLength) {
                                sha1.digest(pieces, (int) (p++ * 20), 20);
                                inPiece = 0;
                            }
                        }
                    } finally {
                        Segment.release(bb);
                    }
                }
                if (inPiece > 0) {
                    sha1.digest(pieces, (int) (p * 20), 20);
                }
            });
        }

        void submitHybrid(Segment segment, long firstPiece, byte[] pieces, V2File f, int firstFilePiece) throws IOException {
            submit(buf -> {
                int len = segment.length();
                ByteBuffer bb = segment.bytes(buf, 0);
                try {
                    hashHybrid(bb, len, firstPiece, pieces, f, firstFilePiece);
                } finally {
                    Segment.release(bb);
                }
            });
        }

        private void hashHybrid(ByteBuffer bb, int len, long firstPiece, byte[] pieces, V2File f, int firstFilePiece)
                throws java.security.DigestException {
            MessageDigest sha1 = digest("SHA-1");
            MessageDigest sha256 = digest("SHA-256");
            int blocksPerPiece = pieceLength / BLOCK;
            byte[] leaves = new byte[blocksPerPiece * 32];
            long p = firstPiece;
            int fp = firstFilePiece;
            for (int off = 0; off < len; off += pieceLength, p++, fp++) {
                int n = Math.min(pieceLength, len - off);
                int blocks = (n + BLOCK - 1) / BLOCK;
                for (int b = 0; b < blocks; b++) {
                    int bo = off + b * BLOCK;
                    int bl = Math.min(BLOCK, off + n - bo);
                    // each 16 KiB block once into SHA-1 (the v1 piece) and, still in cache, into SHA-256 (its leaf)
                    bb.limit(bo + bl).position(bo);
                    sha1.update(bb);
                    bb.position(bo);
                    sha256.update(bb);
                    sha256.digest(leaves, b * 32, 32);
                }
                if (n < pieceLength && f.padAfter) {
                    for (int z = pieceLength - n; z > 0; z -= Math.min(z, ZEROS.length)) {
                        sha1.update(ZEROS, 0, Math.min(z, ZEROS.length));
                    }
                }
                sha1.digest(pieces, (int) (p * 20), 20);
                if (f.layer != null) {
                    // a piece of the layer: its blocks padded with zero leaves to a full piece
                    Arrays.fill(leaves, blocks * 32, leaves.length, (byte) 0);
                    byte[] node = merkleRoot(leaves, blocksPerPiece, new byte[32]);
                    System.arraycopy(node, 0, f.layer, fp * 32, 32);
                } else {
                    // the whole file fits in this piece: its root over the next power of two of its blocks
                    f.root = merkleRoot(Arrays.copyOf(leaves, blocks * 32), blocks, new byte[32]);
                }
            }
        }

        void finish() throws IOException {
            for (Future<?> f : pending) {
                get(f);
            }
            pending.clear();
        }

        private void get(Future<?> f) throws IOException {
            try {
                f.get();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ie);
            } catch (ExecutionException ee) {
                if (ee.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("hashing failed", ee.getCause());
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    // ---- merkle ---------------------------------------------------------------------------------

    /**
     * Root of a binary SHA-256 tree over {@code count} 32-byte nodes packed in {@code nodes}, padded to
     * the next power of two with {@code pad} (whose parent at each level up is the hash of two pads).
     */
    static byte[] merkleRoot(byte[] nodes, int count, byte[] pad) {
        MessageDigest sha256 = digest("SHA-256");
        byte[] level = Arrays.copyOf(nodes, count * 32);
        int n = count;
        byte[] padHere = pad;
        while (n > 1) {
            int m = (n + 1) / 2;
            byte[] next = new byte[m * 32];
            for (int i = 0; i < m; i++) {
                sha256.update(level, 2 * i * 32, 32);
                if (2 * i + 1 < n) {
                    sha256.update(level, (2 * i + 1) * 32, 32);
                } else {
                    sha256.update(padHere);
                }
                digestInto(sha256, next, i * 32);
            }
            sha256.update(padHere);
            sha256.update(padHere);
            padHere = sha256.digest();
            level = next;
            n = m;
        }
        return Arrays.copyOf(level, 32);
    }

    /** Root of a tree of {@code 2^height} zero leaves. */
    static byte[] zeroSubtree(int height) {
        MessageDigest sha256 = digest("SHA-256");
        byte[] h = new byte[32];
        for (int i = 0; i < height; i++) {
            sha256.update(h);
            sha256.update(h);
            h = sha256.digest();
        }
        return h;
    }

    private static void digestInto(MessageDigest md, byte[] out, int offset) {
        try {
            md.digest(out, offset, md.getDigestLength());
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm, e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A dictionary key: one char per byte, so the encoder's ISO-8859-1 gives the bytes back and its sort is the bytes' order. */
    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
