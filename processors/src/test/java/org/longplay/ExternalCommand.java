package org.longplay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an independent tool for a test: stdout and stderr together, in a UTF-8 locale and UTC so names and
 * times print the same everywhere. A tool that is missing or hangs fails the test instead of skipping it.
 */
public final class ExternalCommand {
    private ExternalCommand() {
    }

    /** What a tool printed and how it exited. */
    public record Output(int exit, String out) {
    }

    public static Output run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("TZ", "UTC");
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd.get(0) + " (is it installed?): " + e.getMessage(), e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
