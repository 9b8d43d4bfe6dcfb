package org.longplay.release;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered stages of a release, from config ({@code longplay.release.stages}): a comma-separated list
 * of {@code [<id>=]<kind>[:<band>]}, e.g. {@code metadata, music:50-100, music:0, file-metadata, album-art, patches}.
 * Without an id a stage is named by its kind, a music stage {@code music-pop-<from>-to-<to>} (or
 * {@code music-pop-<n>} for a one-value band).
 */
public record ReleasePlan(List<Stage> stages) {

    public ReleasePlan {
        stages = List.copyOf(stages);
        Set<String> ids = new HashSet<>();
        List<Stage.Band> bands = new ArrayList<>();
        for (Stage s : stages) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("release stage id used twice: " + s.id());
            }
            if (s.band() != null) {
                for (Stage.Band b : bands) {
                    if (s.band().from() <= b.to() && b.from() <= s.band().to()) {
                        throw new IllegalArgumentException("popularity bands overlap: " + s.id() + " and " + b.label("-"));
                    }
                }
                bands.add(s.band());
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("the release plan has no stages");
        }
    }

    public static ReleasePlan parse(String text) {
        List<Stage> stages = new ArrayList<>();
        for (String item : text.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String id = null;
            int eq = entry.indexOf('=');
            if (eq >= 0) {
                id = entry.substring(0, eq).trim();
                entry = entry.substring(eq + 1).trim();
            }
            int colon = entry.indexOf(':');
            StageKind kind = StageKind.of(colon < 0 ? entry : entry.substring(0, colon).trim());
            Stage.Band band = colon < 0 ? null : Stage.Band.parse(entry.substring(colon + 1));
            if (id == null) {
                id = kind == StageKind.MUSIC && band != null ? "music-pop-" + band.label("-to-") : kind.label();
            }
            stages.add(new Stage(id, kind, band));
        }
        return new ReleasePlan(stages);
    }

    public Optional<Stage> stage(String id) {
        return stages.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public List<Stage> music() {
        return stages.stream().filter(s -> s.kind() == StageKind.MUSIC).toList();
    }
}
