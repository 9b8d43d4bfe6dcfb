package org.longplay.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every case under fixtures/ replays to its golden files, through the CLI as a tester runs it. */
class ReplayTest {

    record Run(int exitCode, String stdout) {
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.List<String> arguments = new java.util.ArrayList<>(List.of(args));
        int workspace = arguments.indexOf("--workspace");
        if (arguments.get(0).equals("replay")) {
            // a replay on PostgreSQL needs an empty database of its own (its workspace is a new temporary folder)
            arguments.addAll(TestWorkspace.catalogueArguments(Path.of("replay-" + System.nanoTime())));
        } else if (workspace >= 0 && !String.join(" ", arguments).contains("longplay.catalog.url=")) {
            arguments.addAll(TestWorkspace.catalogueArguments(Path.of(arguments.get(workspace + 1))));
        }
        int code = LongplayCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), arguments.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }

    static List<Path> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(TestWorkspace.HOME.resolve("fixtures"))) {
            return dirs.filter(d -> Files.isDirectory(d.resolve("expected"))).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureCaseReplaysToItsGoldenFiles() throws IOException {
        List<Path> cases = cases();
        assertTrue(cases.size() >= 2, "at least two replay cases exist");
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Run run = cli("replay", dir.toString());
            assertEquals(0, run.exitCode(), run.stdout());
            assertTrue(run.stdout().contains("outputs match expected/"), run.stdout());
        }));
    }

    @Test
    void aReplayThatDiffersFromItsGoldenFilesShowsTheDifferenceAndExits1(@TempDir Path dir) throws IOException {
        Path copy = copyCase("small", dir);
        Path tracks = copy.resolve("expected/tracks.csv");
        Files.writeString(tracks, Files.readString(tracks).replace("Svefn-g-englar", "Svefn-g-englar (edited)"));
        Run run = cli("replay", copy.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.stdout().contains("--- expected/tracks.csv"), run.stdout());
        assertTrue(run.stdout().contains("- 1,4uLU6hMCjMI75M1A2tKUQC,1735689600000,Svefn-g-englar (edited),"), run.stdout());
        assertTrue(run.stdout().contains("+ 1,4uLU6hMCjMI75M1A2tKUQC,1735689600000,Svefn-g-englar,"), run.stdout());
    }

    @Test
    void replayWithUpdateRewritesTheGoldenFiles(@TempDir Path dir) throws IOException {
        Path copy = copyCase("small", dir);
        Path artists = copy.resolve("expected/artists.csv");
        Files.writeString(artists, "stale\n");
        assertEquals(0, cli("replay", copy.toString(), "--update").exitCode());
        assertEquals(Files.readString(TestWorkspace.fixtureCase("small").resolve("expected/artists.csv")), Files.readString(artists));
        assertEquals(0, cli("replay", copy.toString()).exitCode());
    }

    /** Copies a case, and the shared inputs cases include, to {@code target}; returns the copied case folder. */
    static Path copyCase(String name, Path target) throws IOException {
        copyTree(TestWorkspace.HOME.resolve("fixtures/_shared"), target.resolve("_shared"));
        copyTree(TestWorkspace.fixtureCase(name), target.resolve(name));
        return target.resolve(name);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(path, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
