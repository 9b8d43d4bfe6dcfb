package org.longplay.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.longplay.camel.Headers;
import org.longplay.common.Shutdown;
import org.longplay.camel.Reports;
import org.longplay.common.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./longplay <command>}: each command sets headers, sends one request to its route and
 * prints the reports the route left. Reports go to stdout, logs to stderr. Exit 0 when all went
 * well, 1 when items failed, 2 on bad usage, input or config.
 */
@Command(name = "longplay", mixinStandardHelpOptions = true, version = "longplay 0.1.0",
        description = "Turns a music catalogue into a mirrorable preservation archive.",
        subcommands = {LongplayCli.RunCommand.class, LongplayCli.ImportCommand.class, LongplayCli.PlanCommand.class, LongplayCli.ProcessCommand.class,
                LongplayCli.ReleaseCommand.class, LongplayCli.VerifyCommand.class, LongplayCli.ExportCommand.class,
                LongplayCli.StatusCommand.class, LongplayCli.ReplayCommand.class,
                LongplayCli.FixturesCommand.class, LongplayCli.DemoCommand.class, LongplayCli.ServeCommand.class, CommandLine.HelpCommand.class})
public final class LongplayCli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int ITEMS_FAILED = 1;
    public static final int BAD_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    /** Runs the CLI; for tests, with stdout redirected. */
    public static int run(PrintStream out, String... args) {
        CommandLine cli = new CommandLine(new LongplayCli());
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            System.err.println("error: " + LongplayRuntime.rootMessage(e));
            return e instanceof LongplayRuntime.ConfigException || e instanceof CommandLine.ParameterException ? BAD_USAGE : ITEMS_FAILED;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return BAD_USAGE;
    }

    /** Options every command takes. */
    static final class RuntimeOptions {
        @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace folder (default: ${DEFAULT-VALUE}).", defaultValue = "work")
        Path workspace;

        @Option(names = "--config", paramLabel = "FILE", description = "Extra properties file overriding config/application.properties; repeatable.")
        List<Path> configFiles = new ArrayList<>();

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key; repeatable, wins over files.")
        Map<String, String> overrides = new LinkedHashMap<>();

        LongplayRuntime.Options toOptions(Path workspaceDir, String command) {
            return new LongplayRuntime.Options(LongplayRuntime.defaultHome(), workspaceDir, configFiles, overrides, command);
        }
    }

    /** A command that sends one request to a route: the options every command takes, and the sending. */
    abstract static class RouteCommand implements Callable<Integer> {
        @Mixin
        RuntimeOptions runtime;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        int send(String endpoint, Map<String, Object> headers) throws Exception {
            return send(runtime.workspace, endpoint, headers);
        }

        int send(Path workspace, String endpoint, Map<String, Object> headers) throws Exception {
            return runRoute(runtime.toOptions(workspace, spec.name()), spec.commandLine().getOut(), endpoint, headers);
        }

        CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    /** Sends one request to {@code endpoint} in a runtime on {@code options}, prints its reports, returns the exit code. */
    static int runRoute(LongplayRuntime.Options options, PrintWriter out, String endpoint, Map<String, Object> headers) throws Exception {
        return untilStopped(() -> runRouteOnce(options, out, endpoint, headers));
    }

    /**
     * Runs {@code work} with a shutdown hook that, on SIGTERM or Ctrl-C, asks long work to stop claiming
     * items ({@link Shutdown#request()}) and holds the JVM until {@code work} has finished the ones in flight
     * and closed the runtime (at most {@link #STOP_SECONDS}).
     */
    static int untilStopped(Callable<Integer> work) throws Exception {
        Thread stopper = new Thread(() -> {
            Shutdown.request();
            System.err.println("longplay: stopping: finishing the items in flight (up to " + STOP_SECONDS + " s)...");
            try {
                Shutdown.awaitFinished(STOP_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "longplay-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return work.call();
        } finally {
            Shutdown.finished();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException alreadyStopping) {
                // the hook is running: it returns now that the work is finished
            }
        }
    }

    /** How long a SIGTERM waits for the items in flight. */
    private static final long STOP_SECONDS = 60;

    private static int runRouteOnce(LongplayRuntime.Options options, PrintWriter out, String endpoint, Map<String, Object> headers) throws Exception {
        try (LongplayRuntime runtime = LongplayRuntime.start(options)) {
            Exchange exchange = runtime.request(endpoint, headers);
            for (Object report : Reports.all(exchange)) {
                out.print(report instanceof Report r ? r.render() : String.valueOf(report));
            }
            out.flush();
            Exception failure = exchange.getException();
            if (failure != null) {
                System.err.println("error: " + LongplayRuntime.rootMessage(failure));
                return ITEMS_FAILED;
            }
            Integer code = exchange.getMessage().getHeader(Headers.EXIT_CODE, Integer.class);
            return code == null ? OK : code;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"The main job: import (skipped when these files are already imported), plan, process; "
                    + "resumes wherever the workspace stands. Ends with a summary and the time of each stage.",
                    "Exit 1 when any track failed (each is listed with its reason)."})
    static final class RunCommand extends RouteCommand {
        @Mixin
        MetadataInputs sources;

        @Mixin
        AudioInputs audio;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(sources.metadata)) {
                throw usage("--metadata " + sources.metadata + " is not a file"); // run fingerprints it before importing
            }
            Map<String, Object> headers = new LinkedHashMap<>();
            sources.putInto(headers);
            audio.putInto(headers, this);
            headers.put(Headers.DRY_RUN, false);
            return send("direct:run", headers);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a spotify_clean metadata file (.sqlite3 or .sqlite3.zst) into the catalog.")
    static final class ImportCommand extends RouteCommand {
        @Mixin
        MetadataInputs sources;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> headers = new LinkedHashMap<>();
            sources.putInto(headers);
            return send("direct:import", headers);
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Decide per track what happens to it (status, isrc_has_download, secondary priority, bitrate).")
    static final class PlanCommand extends RouteCommand {
        @Option(names = "--dry-run", description = "Print the counts per status and the expected bytes; write nothing to track_files.")
        boolean dryRun;

        @Option(names = "--explain", paramLabel = "TRACK_ID", description = "Explain the last plan of one track: each term, its ISRC group.")
        String explain;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put(Headers.DRY_RUN, dryRun);
            if (explain != null) {
                headers.put(Headers.EXPLAIN, explain);
            }
            return send("direct:plan", headers);
        }
    }

    @Command(name = "process", mixinStandardHelpOptions = true,
            description = {"Process the planned tracks in work order: tag each original kept in original quality into "
                    + "archive/, write its zstd patch into patches/, record checksums. Finished tracks are skipped.",
                    "Exit 1 when any track failed (each is listed with its reason)."})
    static final class ProcessCommand extends RouteCommand {
        @Mixin
        AudioInputs audio;

        @Option(names = "--dry-run", description = "Print what a run would process and write, and whether the disk can take it; write nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> headers = new LinkedHashMap<>();
            audio.putInto(headers, this);
            headers.put(Headers.DRY_RUN, dryRun);
            return send("direct:process", headers);
        }
    }

    /** {@code --metadata} and {@code --audio-features}, as import and run take them. */
    static final class MetadataInputs {
        @Option(names = "--metadata", required = true, paramLabel = "FILE", description = "spotify_clean.sqlite3[.zst]")
        Path metadata;

        @Option(names = "--audio-features", paramLabel = "FILE", description = "spotify_clean_audio_features.sqlite3[.zst]")
        Path audioFeatures;

        void putInto(Map<String, Object> headers) {
            headers.put(Headers.METADATA, metadata.toAbsolutePath().toString());
            if (audioFeatures != null) {
                headers.put(Headers.AUDIO_FEATURES, audioFeatures.toAbsolutePath().toString());
            }
        }
    }

    /** {@code --originals} and {@code --covers}, as process and run take them. */
    static final class AudioInputs {
        @Option(names = "--originals", required = true, paramLabel = "DIR", description = "Folder tree holding <track_id>.ogg files, at any depth.")
        Path originals;

        @Option(names = "--covers", paramLabel = "DIR", description = "Folder of album images, named by the last segment of their URL.")
        Path covers;

        void putInto(Map<String, Object> headers, RouteCommand command) throws IOException {
            headers.put(Headers.ORIGINALS, folder(command, "--originals", originals).toString());
            if (covers != null) {
                headers.put(Headers.COVERS, folder(command, "--covers", covers).toString());
            }
        }
    }

    /**
     * A folder of inputs named on the command line, as its real path: the folder itself may be a symbolic link,
     * while links inside it are not followed (docs/processing.md, "Symbolic links").
     */
    static Path folder(RouteCommand command, String option, Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw command.usage(option + " " + folder + " is not a folder");
        }
        return folder.toRealPath();
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = {"Release one stage of the release plan (longplay.release.stages) into releases/<stage>/: "
                    + "data folders hard-linked from archive/, metadata files, torrents; listed in releases/torrents.json.",
                    "A released stage is never rewritten: releasing it again says so and exits 0.",
                    "Exit 1 when the stage is not ready or its files are not as processed (each reported)."})
    static final class ReleaseCommand extends RouteCommand {
        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--stage", paramLabel = "ID", description = "The stage to release.")
            String stage;

            @Option(names = "--next", description = "The first unreleased stage whose inputs are ready (nothing left: says so, exit 0).")
            boolean next;

            @Option(names = "--all", description = "Every stage, in plan order, as --next does, until none is left or ready (one start-up for all).")
            boolean all;
        }

        @Option(names = "--dry-run", description = "Print the folders, files, bytes and torrents it would write; write nothing.")
        boolean dryRun;

        @Option(names = "--covers", paramLabel = "DIR", description = "Album-art folder (default: the one the last process run used).")
        Path covers;

        @Override
        public Integer call() throws Exception {
            Path coversFolder = covers == null ? null : folder(this, "--covers", covers);
            Map<String, Object> headers = new LinkedHashMap<>();
            org.longplay.torrent.TorrentBuilder.warmUpInBackground(); // while the runtime starts
            if (which.all && dryRun) {
                throw usage("--dry-run describes one stage: use it with --next or --stage");
            }
            headers.put(Headers.STAGE, which.next || which.all ? "next" : which.stage);
            headers.put(Headers.DRY_RUN, dryRun);
            if (coversFolder != null) {
                headers.put(Headers.COVERS, coversFolder.toString());
            }
            return send(which.all ? "direct:release-all" : "direct:release", headers);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Prove released stages: recheck every torrent against its data, check every file's SHA-256 and "
                    + "every metadata file, rebuild originals from their patches.", "Exit 1 when anything does not match."})
    static final class VerifyCommand extends RouteCommand {
        @Option(names = "--stage", paramLabel = "ID", description = "Verify one stage (default: every released stage).")
        String stage;

        @Option(names = "--all", description = "Rebuild every original from its patch, not a sample (longplay.verify.patch-sample).")
        boolean all;

        @Override
        public Integer call() throws Exception {
            org.longplay.torrent.TorrentBuilder.warmUpInBackground(); // while the runtime starts
            Map<String, Object> headers = new LinkedHashMap<>();
            if (stage != null) {
                headers.put(Headers.STAGE, stage);
            }
            headers.put(Headers.VERIFY_ALL, all);
            return send("direct:verify", headers);
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export track_files as SQLite with the reference release's exact table layout.")
    static final class ExportCommand extends RouteCommand {
        @Option(names = "--track-files", required = true, paramLabel = "OUT.sqlite3")
        Path out;

        @Override
        public Integer call() throws Exception {
            return send("direct:export-track-files", Map.of(Headers.EXPORT_TRACK_FILES, out.toAbsolutePath().toString()));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Counts per catalog table and per track status.")
    static final class StatusCommand extends RouteCommand {
        @Override
        public Integer call() throws Exception {
            return send("direct:status", Map.of());
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Run a fixture case in a temporary workspace and compare the outputs with its expected/ folder.")
    static final class ReplayCommand extends RouteCommand {
        @Parameters(paramLabel = "FIXTURE_DIR", description = "A case folder, e.g. fixtures/small")
        Path caseDir;

        @Option(names = "--update", description = "Rewrite the golden files with this run's outputs.")
        boolean update;

        @Option(names = "--keep", description = "Keep the temporary workspace and print where it is.")
        boolean keep;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(caseDir)) {
                throw usage(caseDir + " is not a fixture case folder");
            }
            Path workspace = Files.createTempDirectory("longplay-replay-");
            try {
                return send(workspace, "direct:replay",
                        Map.of(Headers.REPLAY_CASE, caseDir.toAbsolutePath().toString(), Headers.REPLAY_UPDATE, update));
            } finally {
                if (keep) {
                    System.err.println("replay workspace kept in " + workspace);
                } else {
                    deleteTree(workspace);
                }
            }
        }
    }

    @Command(name = "fixtures", mixinStandardHelpOptions = true,
            description = "Generate a synthetic, deterministic spotify_clean fixture: DIR/spotify_clean.sqlite3,"
                    + " DIR/originals/ (Ogg Vorbis, most with Spotify's prefix page, some broken or missing;"
                    + " see originals/MANIFEST.tsv) and DIR/covers/ (JPEG and PNG; covers/MANIFEST.tsv).")
    static final class FixturesCommand extends RouteCommand {
        @Option(names = "--tracks", required = true, paramLabel = "N")
        int tracks;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--audio-seconds", paramLabel = "SECONDS",
                description = "Length of every original; 0 writes the metadata only (no originals, no covers)."
                        + " About 210 for realistic ~4 MB files. Default: longplay.fixtures.audio-seconds (3).")
        Double audioSeconds;

        @Option(names = "--audio-variants", paramLabel = "K",
                description = "Encode only K distinct clips and share them among the originals, each file with"
                        + " its own stream serial; 0: every track its own clip. Default: longplay.fixtures.audio-variants (0).")
        Integer audioVariants;

        @Option(names = "--zero-popularity-share", paramLabel = "SHARE",
                description = "About this share of the tracks at popularity 0 (0 to 0.8; the rest spread over 1..100)."
                        + " Default: longplay.fixtures.zero-popularity-share (0.6).")
        Double zeroPopularityShare;

        @Override
        public Integer call() throws Exception {
            if (tracks < 1) {
                throw usage("--tracks must be at least 1");
            }
            // each option overrides a setting, and takes what the setting takes
            requireAllowed("--audio-seconds", "longplay.fixtures.audio-seconds", audioSeconds);
            requireAllowed("--audio-variants", "longplay.fixtures.audio-variants", audioVariants);
            requireAllowed("--zero-popularity-share", "longplay.fixtures.zero-popularity-share", zeroPopularityShare);
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put(Headers.FIXTURE_OUT, out.toAbsolutePath().toString());
            headers.put(Headers.FIXTURE_TRACKS, tracks);
            headers.put(Headers.FIXTURE_SEED, seed);
            if (audioSeconds != null) {
                headers.put(Headers.FIXTURE_AUDIO_SECONDS, audioSeconds);
            }
            if (audioVariants != null) {
                headers.put(Headers.FIXTURE_AUDIO_VARIANTS, audioVariants);
            }
            if (zeroPopularityShare != null) {
                headers.put(Headers.FIXTURE_ZERO_POPULARITY_SHARE, zeroPopularityShare);
            }
            return send("direct:fixtures", headers);
        }

        private void requireAllowed(String option, String setting, Number value) {
            String problem = value == null ? null : SettingRules.problem(setting, value.toString());
            if (problem != null) {
                throw usage(option + " " + value + ": " + problem);
            }
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Run as a service until stopped (SIGTERM or Ctrl-C): HTTP on longplay.serve.host:longplay.serve.port "
                    + "(GET /status, POST /releases/{stage|next}, GET /releases/last, GET /health, GET /metrics) and the drop "
                    + "folder <workspace>/inbox/ (a metadata file: import and plan; a *.release file: release the stage it names).",
                    "With the embedded catalogue it holds the workspace: other commands on it are refused (exit 2) until the service stops. See docs/operators.md."})
    static final class ServeCommand implements Callable<Integer> {
        @Mixin
        RuntimeOptions runtime;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LongplayRuntime.Options options = runtime.toOptions(runtime.workspace, LongplayRuntime.SERVE);
            PrintWriter out = spec.commandLine().getOut();
            return untilStopped(() -> {
                try (LongplayRuntime service = LongplayRuntime.start(options)) {
                    org.apache.camel.spi.PropertiesComponent properties = service.context().getPropertiesComponent();
                    String host = properties.resolveProperty("longplay.serve.host").orElse("?");
                    String port = properties.resolveProperty("longplay.serve.port").orElse("?");
                    out.println("serving " + runtime.workspace.toAbsolutePath().normalize() + " on http://" + host + ":" + port
                            + "/status, inbox " + runtime.workspace.toAbsolutePath().normalize().resolve("inbox")
                            + "; a POST needs the token in " + properties.resolveProperty("longplay.serve.token-file").orElse("?")
                            + " (Authorization: Bearer <token>); stop with SIGTERM or Ctrl-C");
                    out.flush();
                    while (!Shutdown.requested()) {
                        Thread.sleep(200);
                    }
                    out.println("serve: stopped on request");
                    out.flush();
                }
                return OK;
            });
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Generate a small fixture and run everything on it in ./work-demo (or --workspace): import, plan, "
                    + "process, every release stage, verify; then a short report.")
    static final class DemoCommand extends RouteCommand {
        @Option(names = "--tracks", paramLabel = "N", defaultValue = "300", description = "Default: ${DEFAULT-VALUE}.")
        int tracks;

        @Override
        public Integer call() throws Exception {
            Path workspace = runtime.workspace.toString().equals("work") ? Path.of("work-demo") : runtime.workspace;
            Path fixture = workspace.toAbsolutePath().resolve("fixture");
            // 20 distinct clips shared round-robin keep the demo's encoding to a second or two
            return send(workspace, "direct:demo", Map.of(Headers.FIXTURE_OUT, fixture.toString(), Headers.FIXTURE_TRACKS, tracks,
                    Headers.FIXTURE_SEED, 1L, Headers.FIXTURE_AUDIO_VARIANTS, 20,
                    Headers.ORIGINALS, fixture.resolve("originals").toString(), Headers.COVERS, fixture.resolve("covers").toString()));
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
