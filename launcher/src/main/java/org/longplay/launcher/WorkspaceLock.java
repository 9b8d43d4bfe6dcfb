package org.longplay.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One workspace, one run: an exclusive OS lock on {@code <workspace>/longplay.lock}, whose text names the
 * holder (pid, host, command, start time) for the message a second run gets. The operating system
 * releases the lock when its process dies, however it dies, so a lock left by a killed run is simply
 * free: the next run takes it and says whose it was. (The file stays; its text is only a label.)
 */
final class WorkspaceLock implements AutoCloseable {
    static final String FILE = "longplay.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private WorkspaceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** A workspace another run holds. */
    static final class BusyException extends Exception {
        BusyException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock or refuses at once, naming the holder.
     *
     * @param command what this run is, for the next one's message
     * @return the lock, and in {@code previous} the label a dead holder left, if any
     */
    static WorkspaceLock acquire(Path workspace, String command, StringBuilder previous) throws IOException, BusyException {
        Path file = workspace.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        String label = read(channel);
        if (lock == null) {
            channel.close();
            throw new BusyException("workspace " + workspace + " is in use by another run (" + (label.isBlank() ? "holder unknown" : label)
                    + "); wait for it to finish or stop it. One workspace takes one run at a time.");
        }
        if (!label.isBlank()) {
            previous.append(label);
        }
        String me = "pid " + ProcessHandle.current().pid() + " on " + host() + ", `longplay " + command + "` since " + Instant.now();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new WorkspaceLock(channel, lock);
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        channel.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this host";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0); // a clean end leaves no label behind
            lock.release();
        } finally {
            channel.close();
        }
    }
}
