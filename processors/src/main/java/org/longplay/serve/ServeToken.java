package org.longplay.serve;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The secret every changing request to {@code longplay serve} must carry ({@code Authorization: Bearer <token>}),
 * kept in a file only its owner can read ({@code longplay.serve.token-file}, default {@code <workspace>/serve.token}).
 * Made on the first start when the file is absent: 32 random bytes, base64url. An operator may put a token of
 * their own in the file (at least 32 characters, no spaces).
 */
public final class ServeToken {
    private static final int MIN_LENGTH = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private ServeToken() {
    }

    /** The token in {@code file}, made first when there is none; refused when the file is not the owner's alone. */
    public static String loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            create(file);
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("serve: " + file + " (longplay.serve.token-file) is not a plain file");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(mode)) {
            throw new IllegalArgumentException("serve: " + file + " can be read by others (" + PosixFilePermissions.toString(mode)
                    + "); it holds the token that allows changes: chmod 600 " + file);
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < MIN_LENGTH || !token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("serve: " + file + " holds no usable token (at least " + MIN_LENGTH
                    + " printable characters, no spaces); delete it to have one made");
        }
        return token;
    }

    /** Writes a new token under a temporary name made with mode 600, then renames it into place. */
    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, ".serve-token", ".partial", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                out.write(StandardCharsets.UTF_8.encode(token + "\n"));
                out.force(true);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
