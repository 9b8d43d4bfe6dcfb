package org.longplay.launcher;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.longplay.catalog.CatalogDataSource;
import org.longplay.common.Printable;
import org.longplay.fixtures.SyntheticCatalog;
import org.longplay.patch.ZstdPatch;
import org.longplay.release.ReleasePlan;
import org.longplay.release.ReleaseSettings;
import org.longplay.torrent.TorrentOptions;
import org.longplay.transcode.JavaCvOpusTranscoder;

/**
 * Every {@code longplay.*} setting, with what it allows: the one list the runtime checks at start, before
 * any bean is made, so a bad value or a misspelt key stops the command with one line naming the key and
 * what is allowed (exit 2) instead of being ignored, or failing later with a stack trace.
 *
 * <p>To add a setting: put its default (with a comment) in {@code config/application.properties} and one
 * line in {@link #RULES}. A rule is a type and range ({@link #whole}, {@link #decimal}, {@link #bool},
 * {@link #instantOrEmpty}, ...) and, where a domain class owns a finer check, that check itself
 * ({@link #checkedBy}), so each check lives in one place.
 */
final class SettingRules {

    /** What a setting allows: null for a value it takes, else the sentence "must be ..." saying what it takes. */
    @FunctionalInterface
    interface Rule {
        String problem(String value);

        /** This rule, then {@code next} when this one holds. */
        default Rule and(Rule next) {
            return value -> {
                String problem = problem(value);
                return problem != null ? problem : next.problem(value);
            };
        }
    }

    private static final long NO_LIMIT = Long.MAX_VALUE;

    /** Keys whose value a refusal never shows. */
    private static final Set<String> SECRETS = Set.of("longplay.catalog.password");

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        // runtime: set by the launcher (home, workspace, cores) and config
        RULES.put("longplay.home", text());
        RULES.put("longplay.workspace", text());
        RULES.put("longplay.cores", whole(1, NO_LIMIT));
        RULES.put("longplay.command", text());
        RULES.put("longplay.scratch-dir", text());
        // catalogue: the engine is the URL's (CatalogDataSource); the password never in settings
        RULES.put("longplay.catalog.url", checkedBy(CatalogDataSource::engineOf));
        RULES.put("longplay.catalog.user", anything());
        RULES.put("longplay.catalog.password", value -> value.isEmpty() ? null : "must not be set: the catalogue's password goes in the"
                + " environment variable " + CatalogDataSource.PASSWORD_ENV + " or in a file named by longplay.catalog.password-file,"
                + " where no process list or log shows it");
        RULES.put("longplay.catalog.password-file", anything());
        RULES.put("longplay.catalog.pool-size", whole(2, 10_000));
        RULES.put("longplay.catalog.retry-seconds", whole(0, NO_LIMIT));
        // import
        RULES.put("longplay.import.batch-size", whole(1, 1_000_000));
        RULES.put("longplay.import.parallel-tables", whole(0, 64));
        RULES.put("longplay.import.free-space-reserve", whole(0, NO_LIMIT));
        // plan (PlanSettings checks these again when planning)
        RULES.put("longplay.plan.priority-threshold", decimal(-Double.MAX_VALUE, Double.MAX_VALUE));
        RULES.put("longplay.plan.reencode-kbit", whole(6, 510)); // what libopus encodes
        RULES.put("longplay.plan.original-kbit", whole(1, 100_000));
        RULES.put("longplay.plan.batch-size", whole(1, 100_000_000));
        // process
        RULES.put("longplay.process.workers", whole(1, 4096));
        RULES.put("longplay.process.patch-level", whole(Integer.MIN_VALUE, Integer.MAX_VALUE)
                .and(checkedBy(v -> new ZstdPatch(Integer.parseInt(v.trim())))));
        RULES.put("longplay.process.fsync", bool());
        RULES.put("longplay.process.rehash-finished", bool());
        RULES.put("longplay.process.max-consecutive-failures", whole(0, Integer.MAX_VALUE));
        RULES.put("longplay.process.check-free-space", bool());
        RULES.put("longplay.process.free-space-reserve", whole(0, NO_LIMIT));
        RULES.put("longplay.process.processed-at", instantOrEmpty());
        RULES.put("longplay.process.libopus", checkedBy(JavaCvOpusTranscoder::libopusMode));
        RULES.put("longplay.process.claim-size", whole(1, Integer.MAX_VALUE));
        RULES.put("longplay.process.lease-seconds", whole(1, Integer.MAX_VALUE));
        RULES.put("longplay.process.max-cover-bytes", whole(0, Integer.MAX_VALUE));
        // release and verify
        RULES.put("longplay.release.stages", checkedBy(ReleasePlan::parse));
        RULES.put("longplay.release.collection-base", checkedBy(ReleaseSettings::checkCollectionBase));
        RULES.put("longplay.release.prefix", checkedBy(ReleaseSettings::checkPrefix));
        RULES.put("longplay.release.folder-max-files", whole(1, Integer.MAX_VALUE));
        RULES.put("longplay.release.folder-max-bytes", whole(1, NO_LIMIT));
        RULES.put("longplay.release.piece-length", whole(0, Integer.MAX_VALUE)
                .and(checkedBy(v -> TorrentOptions.defaults().withPieceLength(Long.parseLong(v.trim())))));
        RULES.put("longplay.release.hybrid", bool());
        RULES.put("longplay.release.trackers", urls());
        RULES.put("longplay.release.web-seeds", urls());
        RULES.put("longplay.release.creation-date", instantOrEmpty());
        RULES.put("longplay.release.hash-threads", whole(1, 1024));
        RULES.put("longplay.release.zstd-level", whole(1, 22));
        RULES.put("longplay.verify.patch-sample", whole(0, Integer.MAX_VALUE));
        // serve
        RULES.put("longplay.serve.host", text());
        RULES.put("longplay.serve.port", whole(1, 65_535));
        RULES.put("longplay.serve.inbox-settle", whole(0, 3_600_000));
        RULES.put("longplay.serve.token-file", text());
        RULES.put("longplay.serve.allowed-hosts", anything());
        RULES.put("longplay.serve.idle-timeout", whole(1, 86_400));
        RULES.put("longplay.serve.max-connections", whole(1, 100_000));
        // fixtures
        RULES.put("longplay.fixtures.audio-seconds", decimal(0, 3600));
        RULES.put("longplay.fixtures.audio-variants", whole(0, Integer.MAX_VALUE));
        RULES.put("longplay.fixtures.zero-popularity-share", decimal(0, SyntheticCatalog.MAX_ZERO_POPULARITY_SHARE));
    }

    private SettingRules() {
    }

    /** A setting refused: its message is the one line to show. */
    static final class BadSetting extends LongplayRuntime.StartRefused {
        BadSetting(String message) {
            super(message);
        }
    }

    /**
     * Checks every {@code longplay.*} key among {@code keys}, its value as {@code resolved} gives it (placeholders
     * resolved; empty for none); throws at the first key refused, in key order.
     *
     * @throws BadSetting naming the key, the value and what is allowed
     */
    static void check(Set<String> keys, Function<String, Optional<String>> resolved) {
        for (String key : new TreeSet<>(keys)) {
            if (!key.startsWith("longplay.")) {
                continue;
            }
            Rule rule = RULES.get(key);
            if (rule == null) {
                throw new BadSetting("unknown setting " + Printable.quote(key) + suggestion(key)
                        + "; the settings are listed in config/application.properties");
            }
            String value;
            try {
                value = resolved.apply(key).orElse("");
            } catch (IllegalArgumentException e) { // a placeholder naming no setting
                throw new BadSetting("setting " + key + ": " + e.getMessage());
            }
            String problem = rule.problem(value);
            if (problem != null) {
                String shown = SECRETS.contains(key) || value.toLowerCase(Locale.ROOT).contains("password") ? "(hidden)"
                        : Printable.quote(value);
                throw new BadSetting("setting " + key + " = " + shown + ": " + problem);
            }
        }
    }

    /** What is wrong with {@code value} for {@code key}, or null when it is allowed (for options that set a key). */
    static String problem(String key, String value) {
        return RULES.get(key).problem(value);
    }

    /** The closest known key, when one is a slip away. */
    private static String suggestion(String key) {
        return RULES.keySet().stream().min(Comparator.comparingInt(known -> distance(key, known)))
                .filter(known -> distance(key, known) <= 3).map(known -> " (did you mean " + known + "?)").orElse("");
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    // ---- rules ----------------------------------------------------------------------------------

    private static Rule anything() {
        return value -> null;
    }

    private static Rule text() {
        return value -> value.isBlank() ? "must not be empty" : null;
    }

    /** A whole number from {@code min} to {@code max}. */
    static Rule whole(long min, long max) {
        String allowed = max == NO_LIMIT ? "must be a whole number, " + min + " or more"
                : min == Integer.MIN_VALUE && max == Integer.MAX_VALUE ? "must be a whole number"
                : "must be a whole number from " + min + " to " + max;
        return value -> {
            try {
                long n = Long.parseLong(value.trim());
                return n >= min && n <= max ? null : allowed;
            } catch (NumberFormatException e) {
                return allowed;
            }
        };
    }

    /** A number (a point for decimals) from {@code min} to {@code max}. */
    static Rule decimal(double min, double max) {
        String allowed = min == -Double.MAX_VALUE ? "must be a number" : "must be a number from " + plain(min) + " to " + plain(max);
        return value -> {
            try {
                double d = Double.parseDouble(value.trim());
                return Double.isFinite(d) && d >= min && d <= max ? null : allowed;
            } catch (NumberFormatException e) {
                return allowed;
            }
        };
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static Rule bool() {
        return value -> Set.of("true", "false").contains(value.trim().toLowerCase(Locale.ROOT)) ? null : "must be true or false";
    }

    private static Rule instantOrEmpty() {
        return value -> {
            if (value.isBlank()) {
                return null;
            }
            try {
                Instant.parse(value.trim());
                return null;
            } catch (DateTimeParseException e) {
                return "must be an ISO-8601 instant in UTC such as 2026-01-01T00:00:00Z, or empty";
            }
        };
    }

    /** Comma-separated absolute URLs (announce URLs, web seeds), or empty. */
    private static Rule urls() {
        return value -> {
            for (String url : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
                try {
                    URI uri = new URI(url);
                    if (uri.getScheme() == null || uri.getHost() == null) {
                        return "must be absolute URLs (scheme://host/...), comma-separated, or empty; not " + Printable.quote(url);
                    }
                } catch (URISyntaxException e) {
                    return "must be absolute URLs (scheme://host/...), comma-separated, or empty; not " + Printable.quote(url);
                }
            }
            return null;
        };
    }

    /** The check a domain class makes of its own setting: what it refuses, its IllegalArgumentException says why. */
    static Rule checkedBy(Consumer<String> check) {
        return value -> {
            try {
                check.accept(value);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        };
    }
}
