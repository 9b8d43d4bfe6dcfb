package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One workspace, one run: a second run is refused naming the holder; a killed holder's lock is taken over. */
class WorkspaceLockTest {

    @Test
    void aSecondRunOnTheSameWorkspaceIsRefusedUntilTheHolderDiesThenTakesTheLockOver(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        // a real, long run in its own JVM: generating 3,000 tracks with audio takes a while
        Process holder = TestWorkspace.longplayProcess(dir.resolve("holder.out"), dir.resolve("holder.err"), "fixtures",
                "--tracks", "3000", "--audio-seconds", "3", "--out", dir.resolve("fx").toString(), "--workspace", ws.toString());
        try {
            Path label = ws.resolve(WorkspaceLock.FILE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.isRegularFile(label) && Files.size(label) > 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String holderLabel = Files.readString(label);
            assertTrue(holderLabel.startsWith("pid " + holder.pid() + " on "), holderLabel);
            assertTrue(holderLabel.contains("`longplay fixtures`"), holderLabel);
            assertTrue(holder.isAlive(), "still running when the second run starts");

            assertEquals(2, ReplayTest.cli("status", "--workspace", ws.toString()).exitCode(), "refused: the workspace is busy");
            LongplayRuntime.ConfigException busy = assertThrows(LongplayRuntime.ConfigException.class, () -> TestWorkspace.start(ws));
            assertTrue(busy.getMessage().contains("is in use by another run (pid " + holder.pid()), busy.getMessage());
        } finally {
            holder.destroyForcibly(); // SIGKILL: the holder never releases anything itself
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        ReplayTest.Run after = ReplayTest.cli("status", "--workspace", ws.toString());
        assertEquals(0, after.exitCode(), "the dead holder's lock is taken over: " + after.stdout());
        assertEquals("", Files.readString(ws.resolve(WorkspaceLock.FILE)), "a clean end leaves no label");
        try (LongplayRuntime one = TestWorkspace.start(ws)) {
            assertThrows(LongplayRuntime.ConfigException.class, () -> TestWorkspace.start(ws), "even from the same JVM");
        }
    }
}
