package org.longplay.release;

import org.longplay.common.Report;

import java.util.List;

/** The stage table of {@code longplay status}: each stage released (when, torrents, files, bytes) or pending (and why). */
public record ReleaseStatus(List<Releaser.StageStatus> stages) implements Report {
    public ReleaseStatus {
        stages = List.copyOf(stages);
    }

    @Override
    public String render() {
        StringBuilder sb = new StringBuilder("release stages\n");
        for (Releaser.StageStatus s : stages) {
            sb.append(String.format("  %-22s %-13s ", s.stage().id(), s.stage().kind().label()));
            if (s.empty()) {
                sb.append(s.state()).append(' ').append(s.releasedAt()).append(", empty: ").append(s.stage().emptyReason());
            } else if (s.releasedAt() != null) {
                sb.append(s.state()).append(' ').append(s.releasedAt()).append(", ").append(s.torrents()).append(" torrents, ")
                        .append(s.files()).append(" files, ").append(s.bytes()).append(" bytes");
            } else {
                sb.append("pending").append(s.waitingFor() == null ? " (ready)" : " (waits: " + s.waitingFor() + ")");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
