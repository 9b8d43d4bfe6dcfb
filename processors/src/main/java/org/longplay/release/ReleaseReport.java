package org.longplay.release;

import org.longplay.common.Report;

import java.util.List;

/**
 * What {@code longplay release} did or, with {@code --dry-run}, would do.
 *
 * @param outcome  what happened, in words
 * @param released true when this call released a stage (built it, or finished an interrupted release)
 * @param lines    details: one line per folder / torrent / problem
 * @param exitCode 0, or 1 when the stage could not be released
 */
public record ReleaseReport(String stageId, String outcome, boolean released, List<String> lines, int exitCode) implements Report {

    public ReleaseReport {
        lines = List.copyOf(lines);
    }

    @Override
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(stageId == null ? "release" : "release " + stageId).append(": ").append(outcome).append('\n');
        for (String l : lines) {
            sb.append("  ").append(l).append('\n');
        }
        return sb.toString();
    }
}
