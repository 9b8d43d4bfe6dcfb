package org.longplay.plan;

import java.util.Map;
import java.util.TreeMap;
import org.longplay.common.Report;

/** What planning decided (or would decide, in a dry run): tracks per status and the expected bytes. */
public final class PlanReport implements Report {

    private final boolean dryRun;
    private final Map<String, Long> tracksPerStatus = new TreeMap<>();
    private long originalBytes;
    private long reencodedBytes;
    private double seconds;

    PlanReport(boolean dryRun) {
        this.dryRun = dryRun;
    }

    void add(String status, long tracks) {
        tracksPerStatus.merge(status, tracks, Long::sum);
    }

    void addBytes(long original, long reencoded) {
        originalBytes += original;
        reencodedBytes += reencoded;
    }

    void setSeconds(double seconds) {
        this.seconds = seconds;
    }

    public Map<String, Long> tracksPerStatus() {
        return tracksPerStatus;
    }

    public long originalBytes() {
        return originalBytes;
    }

    public long reencodedBytes() {
        return reencodedBytes;
    }

    public long tracks() {
        return tracksPerStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String render() {
        StringBuilder out = new StringBuilder(dryRun ? "plan (dry run: nothing written)\n" : "plan\n");
        tracksPerStatus.forEach((status, count) -> out.append(String.format("  %-28s %12d%n", status, count)));
        out.append(String.format("  %-28s %12d%n", "total", tracks()));
        out.append(String.format("expected bytes: %,d kept as original, %,d re-encoded (%.1f GB / %.1f GB)%n",
                originalBytes, reencodedBytes, originalBytes / 1e9, reencodedBytes / 1e9));
        out.append(String.format("planned %d tracks in %.1f s%n", tracks(), seconds));
        return out.toString();
    }
}
