package org.longplay.tags;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Album covers in the covers folder (docs/contracts.md §3.5: named by the last segment of the image URL), found the
 * same way when a track is tagged and when the album-art stage is released.
 *
 * <p>One rule for the inputs' folders, the originals' as the covers' (docs/processing.md): a symbolic link
 * inside the folder is not followed. A folder of inputs holds the operator's files; a link in it may point
 * anywhere on the machine (a key, another user's files), and what it points to would be published in tags
 * and torrents. The folder named on the command line may itself be a link.
 */
public final class CoverFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CoverFiles.class);

    private CoverFiles() {
    }

    /**
     * The plain file {@code name} directly in {@code covers}, or null: a name no file can have (empty,
     * {@code .}, {@code ..}, with a separator or a NUL), no such file, or a symbolic link (logged: not followed).
     */
    public static Path find(Path covers, String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")) {
            return null;
        }
        Path file;
        try {
            file = covers.resolve(name);
        } catch (InvalidPathException e) {
            return null; // a URL segment no file can be named (e.g. with NUL)
        }
        if (Files.isSymbolicLink(file)) {
            LOG.warn("cover {} is a symbolic link: not followed (covers and originals must be plain files in their folders)", file);
            return null;
        }
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? file : null;
    }
}
