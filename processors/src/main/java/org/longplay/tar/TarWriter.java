package org.longplay.tar;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a deterministic POSIX ustar archive: the same entries with the same bytes give the same
 * archive, whatever the files' times, owners and permissions on disk, so a release's archive can be
 * rebuilt and compared byte for byte.
 *
 * <h2>Entries</h2>
 * Written in the order they are added; the caller sorts, which keeps each folder's entries together
 * (GNU tar sets a folder's time when the entries move past it; an entry that comes back into the folder
 * later changes the time again). A path is relative, {@code /}-separated, with
 * no empty, {@code .} or {@code ..} component and no NUL. Every folder on a path gets its own directory
 * entry ({@code name/}, typeflag {@code 5}) the first time it is needed, before the entry inside it;
 * {@link #addDirectory(String)} adds one explicitly (an empty folder). The same path twice, or a file
 * where a folder was (or the reverse), is refused.
 *
 * <h2>Header fields</h2>
 * Mode 0644 for files and 0755 for folders; uid and gid 0; uname and gname empty rather than
 * {@code root}, so that {@code tar -x} by root does not look a name up in the extracting machine's user
 * database and an unprivileged extraction maps nothing (GNU tar lists them as {@code 0/0}); mtime the
 * fixed value given to the constructor, for every entry; numbers in octal, NUL-terminated; checksum as
 * six octal digits, NUL, space; devmajor and devminor zero.
 *
 * <h2>Names</h2>
 * UTF-8. A name of up to 100 bytes goes in {@code name}; a longer one is split at the last {@code /}
 * that leaves at most 155 bytes for {@code prefix} and at most 100 for {@code name} (as GNU tar and
 * Python split). A name that cannot be split so is written in full as a PAX extended header
 * ({@code x}, a {@code path} record), and the ustar header keeps its first 100 bytes (cut on a
 * character boundary) for readers that do not know PAX. Names that fit are written in ustar fields even
 * when not ASCII: GNU tar and Python's tarfile read them as the bytes they are.
 *
 * <h2>Sizes</h2>
 * Up to 8 GiB - 1 (eleven octal digits) in the header; a larger size goes in a PAX {@code size} record
 * and the header's size field is 0, as Python's tarfile writes it.
 *
 * <h2>End</h2>
 * Two zero blocks, then zeros up to a multiple of {@link #RECORD} bytes (20 blocks), as GNU tar pads.
 * {@link #finish()} writes them; {@link #close()} finishes unless a write failed (an archive cut short is
 * better left without an end than given a false one) and closes the stream. The caller writes to a
 * temporary file and renames it only after a successful close.
 *
 * <h2>Memory</h2>
 * File contents are copied through a 64 KiB buffer with positional reads; only the names of the folders
 * and files already written are kept, to refuse duplicates.
 */
public final class TarWriter implements Closeable {
    public static final int BLOCK = 512;
    /** GNU tar's default record: 20 blocks. */
    public static final int RECORD = 20 * BLOCK;
    public static final int FILE_MODE = 0644;
    public static final int DIRECTORY_MODE = 0755;
    /** The largest size (and mtime) eleven octal digits hold: 8 GiB - 1. */
    public static final long MAX_OCTAL_11 = 077777777777L;
    static final int NAME_BYTES = 100;
    static final int PREFIX_BYTES = 155;
    static final byte REGULAR = '0';
    static final byte DIRECTORY = '5';
    static final byte PAX = 'x';
    /** The name of the PAX extended header entries themselves, as Python's tarfile names them. */
    static final String PAX_HEADER_NAME = "././@PaxHeader";
    private static final int COPY_BUFFER = 64 * 1024;

    private final OutputStream out;
    private final long mtime;
    private final Set<String> directories = new HashSet<>();
    private final Set<String> files = new HashSet<>();
    private long written;
    private boolean finished;
    private boolean failed;

    /**
     * @param out   where the archive goes; closed by {@link #close()}
     * @param mtime modification time of every entry, seconds since the epoch, 0 to 8 GiB - 1
     */
    public TarWriter(OutputStream out, long mtime) {
        if (mtime < 0 || mtime > MAX_OCTAL_11) {
            throw new IllegalArgumentException("mtime out of ustar range: " + mtime);
        }
        this.out = out;
        this.mtime = mtime;
    }

    /** Adds a folder (and the folders above it) if not already there. */
    public void addDirectory(String path) throws IOException {
        String p = checkedPath(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        checkNoFileAt(p);
        ensureDirectories(p);
    }

    /** Adds a file with the content of {@code source} (a regular file, or a link to one), read as it is now. */
    public void addFile(String path, Path source) throws IOException {
        String p = checkedFilePath(path);
        BasicFileAttributes attrs = Files.readAttributes(source, BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
            throw new IOException("not a regular file: " + source);
        }
        try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = channel.size();
            writing(() -> {
                ensureDirectories(parent(p));
                header(p, REGULAR, FILE_MODE, size);
                byte[] buf = new byte[(int) Math.min(COPY_BUFFER, Math.max(size, 1))];
                long at = 0;
                while (at < size) {
                    int n = channel.read(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, size - at)), at);
                    if (n < 0) {
                        throw new IOException("file shrank to " + at + " bytes while being archived: " + source);
                    }
                    write(buf, 0, n);
                    at += n;
                }
                if (channel.size() != size) {
                    throw new IOException("file changed size while being archived: " + source);
                }
                padToBlock();
                files.add(p);
            });
        }
    }

    /** Adds a file with {@code content}. */
    public void addFile(String path, byte[] content) throws IOException {
        String p = checkedFilePath(path);
        writing(() -> {
            ensureDirectories(parent(p));
            header(p, REGULAR, FILE_MODE, content.length);
            write(content, 0, content.length);
            padToBlock();
            files.add(p);
        });
    }

    /** Bytes written so far. */
    public long bytesWritten() {
        return written;
    }

    /** Writes the end of the archive and flushes; nothing can be added after. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        writing(() -> {
            write(new byte[2 * BLOCK], 0, 2 * BLOCK);
            int tail = (int) (written % RECORD);
            if (tail != 0) {
                write(new byte[RECORD - tail], 0, RECORD - tail);
            }
            out.flush();
            finished = true;
        });
    }

    @Override
    public void close() throws IOException {
        try {
            if (!failed) {
                finish();
            }
        } finally {
            out.close();
        }
    }

    // ---- entries --------------------------------------------------------------------------------

    private interface Step {
        void run() throws IOException;
    }

    /** Runs a step that writes; a failure leaves the archive cut short, so nothing more is written. */
    private void writing(Step step) throws IOException {
        if (failed) {
            throw new IllegalStateException("an earlier write failed; the archive is incomplete");
        }
        if (finished) {
            throw new IllegalStateException("the archive is finished");
        }
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** The path, refused before anything is written if it is unclean, already there, or below a file. */
    private String checkedFilePath(String path) {
        String p = checkedPath(path);
        if (files.contains(p) || directories.contains(p)) {
            throw new IllegalArgumentException("already in the archive: " + p);
        }
        checkNoFileAt(parent(p));
        return p;
    }

    /** Refuses {@code dir} as a folder if it, or a folder above it, is a file in the archive. */
    private void checkNoFileAt(String dir) {
        for (String d = dir; !d.isEmpty(); d = parent(d)) {
            if (files.contains(d)) {
                throw new IllegalArgumentException("a file in the archive is named as a folder: " + d);
            }
        }
    }

    /** Writes the entries of {@code dir} and the folders above it that are not written yet; "" is the top. */
    private void ensureDirectories(String dir) throws IOException {
        if (dir.isEmpty() || directories.contains(dir)) {
            return;
        }
        ensureDirectories(parent(dir));
        writing(() -> {
            header(dir + "/", DIRECTORY, DIRECTORY_MODE, 0);
            directories.add(dir);
        });
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The path if it is relative, clean and valid Unicode; an {@link IllegalArgumentException} otherwise. */
    static String checkedPath(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        for (String c : path.split("/", -1)) {
            if (c.isEmpty() || c.equals(".") || c.equals("..")) {
                throw new IllegalArgumentException("path must be relative with no empty, '.' or '..' component: " + path);
            }
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in path: " + path);
        }
        try {
            StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(path));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("path is not valid Unicode (a lone surrogate?): " + path, e);
        }
        return path;
    }

    // ---- headers --------------------------------------------------------------------------------

    /** Writes the header block(s) of one entry: a PAX extended header first when the name or size needs one. */
    private void header(String name, byte type, int mode, long size) throws IOException {
        byte[] blocks = headerBlocks(name, type, mode, size, mtime);
        write(blocks, 0, blocks.length);
    }

    /** The header blocks of one entry, the PAX extended header and its records included when needed. */
    static byte[] headerBlocks(String name, byte type, int mode, long size, long mtime) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        int split = ustarSplit(nameBytes);
        boolean paxSize = size > MAX_OCTAL_11;
        ByteArrayOutputStream blocks = new ByteArrayOutputStream();
        if (split == NO_SPLIT || paxSize) {
            ByteArrayOutputStream records = new ByteArrayOutputStream();
            if (split == NO_SPLIT) {
                paxRecord(records, "path", nameBytes);
            }
            if (paxSize) {
                paxRecord(records, "size", Long.toString(size).getBytes(StandardCharsets.US_ASCII));
            }
            byte[] pax = records.toByteArray();
            blocks.writeBytes(ustarBlock(PAX_HEADER_NAME.getBytes(StandardCharsets.US_ASCII), null, PAX, FILE_MODE, pax.length, mtime));
            blocks.writeBytes(pax);
            blocks.writeBytes(new byte[padding(pax.length)]);
        }
        long ustarSize = paxSize ? 0 : size;
        if (split == NO_SPLIT) {
            blocks.writeBytes(ustarBlock(truncated(name, NAME_BYTES), null, type, mode, ustarSize, mtime));
        } else if (split == NAME_ONLY) {
            blocks.writeBytes(ustarBlock(nameBytes, null, type, mode, ustarSize, mtime));
        } else {
            byte[] prefix = Arrays.copyOfRange(nameBytes, 0, split);
            byte[] rest = Arrays.copyOfRange(nameBytes, split + 1, nameBytes.length);
            blocks.writeBytes(ustarBlock(rest, prefix, type, mode, ustarSize, mtime));
        }
        return blocks.toByteArray();
    }

    static final int NAME_ONLY = -1;
    static final int NO_SPLIT = -2;

    /**
     * Where to split a name into prefix and name: {@link #NAME_ONLY} if it fits the name field,
     * the index of the {@code /} between them, or {@link #NO_SPLIT} if no split fits. The last
     * {@code /} that leaves at most 155 bytes before it is taken (a folder's trailing {@code /} is not a
     * split point); if what follows it is longer than 100 bytes, so is what follows any earlier one.
     */
    static int ustarSplit(byte[] name) {
        if (name.length <= NAME_BYTES) {
            return NAME_ONLY;
        }
        for (int i = Math.min(PREFIX_BYTES, name.length - 2); i > 0; i--) {
            if (name[i] == '/') {
                return name.length - i - 1 <= NAME_BYTES ? i : NO_SPLIT;
            }
        }
        return NO_SPLIT;
    }

    /**
     * Appends {@code "<length> <key>=<value>\n"}, where length counts the whole record, its own digits
     * included: the smallest length whose digits, with the rest, add up to it.
     */
    static void paxRecord(ByteArrayOutputStream out, String key, byte[] value) {
        int rest = 1 + key.length() + 1 + value.length + 1;
        int length = rest + 1;
        while (Integer.toString(length).length() + rest != length) {
            length = Integer.toString(length).length() + rest;
        }
        out.writeBytes((length + " " + key + "=").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        out.write('\n');
    }

    /** The first {@code max} bytes or fewer of {@code s} in UTF-8, cut before a character, not inside one. */
    private static byte[] truncated(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return b;
        }
        int end = max;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(b, end);
    }

    /** One ustar header block. */
    static byte[] ustarBlock(byte[] name, byte[] prefix, byte type, int mode, long size, long mtime) {
        byte[] h = new byte[BLOCK];
        System.arraycopy(name, 0, h, 0, name.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = type;
        byte[] magic = {'u', 's', 't', 'a', 'r', 0, '0', '0'};
        System.arraycopy(magic, 0, h, 257, magic.length);
        // uname (265, 32 bytes) and gname (297, 32 bytes) stay empty
        octal(h, 329, 8, 0);
        octal(h, 337, 8, 0);
        if (prefix != null) {
            System.arraycopy(prefix, 0, h, 345, prefix.length);
        }
        // the checksum is computed with its own field as eight spaces
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] digits = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    /** {@code value} as {@code length - 1} zero-padded octal digits and a NUL. */
    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        if (value < 0 || digits.length() > length - 1) {
            throw new IllegalArgumentException(value + " does not fit " + (length - 1) + " octal digits");
        }
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, offset, length - 1);
        h[offset + length - 1] = 0;
    }

    // ---- output ---------------------------------------------------------------------------------

    private static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    private void padToBlock() throws IOException {
        int n = padding(written);
        write(new byte[n], 0, n);
    }

    private void write(byte[] b, int offset, int length) throws IOException {
        out.write(b, offset, length);
        written += length;
    }
}
