package org.longplay.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free space where a folder is or will be: the usable bytes of the file system of its nearest existing ancestor. */
public final class FreeSpace {
    private FreeSpace() {
    }

    /** The nearest existing folder at or above {@code dir} (the one a statement about free space is about). */
    public static Path existing(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        return existing;
    }

    public static long usable(Path dir) throws IOException {
        return Files.getFileStore(existing(dir)).getUsableSpace();
    }
}
