package org.longplay.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Publishes a file in one step: the bytes go to a temporary file in a work folder (never next to the
 * final name, which may be 255 bytes long already), optionally forced to disk, then renamed over the
 * final name. A crash leaves either the old file or the new one under the final name, never half.
 */
public final class AtomicFiles {
    private final Path work;
    private final boolean fsync;

    public AtomicFiles(Path work, boolean fsync) {
        this.work = work;
        this.fsync = fsync;
    }

    /**
     * Writes {@code data} to {@code target} through {@code work/<tempName>}; {@code root} is the folder
     * that {@code target} must stay inside, checked after normalisation as a last defence.
     */
    public void publish(Path root, Path target, String tempName, byte[] data) throws IOException {
        Path normalRoot = root.toAbsolutePath().normalize();
        Path normalTarget = target.toAbsolutePath().normalize();
        if (!normalTarget.startsWith(normalRoot) || normalTarget.equals(normalRoot)) {
            throw new IOException("refusing to write outside " + normalRoot + ": " + target);
        }
        Files.createDirectories(work);
        Files.createDirectories(normalTarget.getParent());
        Path temp = work.resolve(tempName);
        boolean moved = false;
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                if (fsync) {
                    out.force(true);
                }
            }
            Files.move(temp, normalTarget, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
