package org.longplay.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Compares a replay's actual outputs with a case's {@code expected/} folder, or rewrites it. */
public final class GoldenFiles {

    private static final int MAX_LINES_SHOWN = 40;

    private GoldenFiles() {
    }

    /** A readable difference per file; empty when everything matches. */
    public static List<String> compare(Path expectedDir, Path actualDir) throws IOException {
        List<String> differences = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(fileNames(actualDir));
        names.addAll(fileNames(expectedDir));
        for (String name : names) {
            Path expected = expectedDir.resolve(name);
            Path actual = actualDir.resolve(name);
            if (!Files.exists(expected)) {
                differences.add(name + ": produced, but there is no expected/" + name + " (run replay --update)");
            } else if (!Files.exists(actual)) {
                differences.add(name + ": expected, but not produced");
            } else {
                String diff = diff(name, Files.readAllLines(expected, StandardCharsets.UTF_8),
                        Files.readAllLines(actual, StandardCharsets.UTF_8));
                if (diff != null) {
                    differences.add(diff);
                }
            }
        }
        return differences;
    }

    /** Replaces {@code expectedDir}'s files with the actual ones. */
    public static void update(Path expectedDir, Path actualDir) throws IOException {
        Files.createDirectories(expectedDir);
        for (String name : fileNames(expectedDir)) {
            if (!Files.exists(actualDir.resolve(name))) {
                Files.delete(expectedDir.resolve(name));
            }
        }
        for (String name : fileNames(actualDir)) {
            Files.copy(actualDir.resolve(name), expectedDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Lines only in the expected file ({@code -}) and only in the actual one ({@code +}), in file
     * order; both files are sorted, so this reads like a unified diff without context.
     */
    static String diff(String name, List<String> expected, List<String> actual) {
        Map<String, Integer> remaining = new HashMap<>();
        actual.forEach(line -> remaining.merge(line, 1, Integer::sum));
        List<String> out = new ArrayList<>();
        for (String line : expected) {
            if (remaining.merge(line, -1, Integer::sum) < 0) {
                out.add("- " + line);
            }
        }
        Map<String, Integer> expectedCounts = new HashMap<>();
        expected.forEach(line -> expectedCounts.merge(line, 1, Integer::sum));
        for (String line : actual) {
            if (expectedCounts.merge(line, -1, Integer::sum) < 0) {
                out.add("+ " + line);
            }
        }
        if (out.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder("--- expected/" + name + "\n+++ actual/" + name + "\n");
        out.stream().limit(MAX_LINES_SHOWN).forEach(line -> text.append(line).append('\n'));
        if (out.size() > MAX_LINES_SHOWN) {
            text.append("... and ").append(out.size() - MAX_LINES_SHOWN).append(" more lines\n");
        }
        return text.toString();
    }

    private static List<String> fileNames(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
