package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.longplay.common.Printable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The inbox's one step of work: sends the request to the route named by {@code LongplayInboxRoute} in an
 * exchange of its own (so the stage's error handling cannot end the inbox route early), then lets a good
 * request move to {@code done/}; a failed or unknown one gets {@code failed/<record>.reason.txt} (the
 * stage's report and error) and fails the inbox exchange, so the file moves to {@code failed/}; the record
 * name is the file's own unless an earlier request used it ({@link #recordName}).
 */
public class InboxRequestProcessor implements Processor {
    public static final String ROUTE = "LongplayInboxRoute";
    /** Header: the name the request is kept under in done/ or failed/ ({@link #recordName}). */
    public static final String RECORD = "LongplayInboxRecord";

    /**
     * The name a request dropped into the inbox is kept under: its own name, or {@code <name>.2}, {@code .3}, ...
     * when done/ or failed/ already holds that name from an earlier request, so no record is overwritten.
     */
    public String recordName(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path inbox = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class));
        String record = name;
        for (int n = 2; taken(inbox, record); n++) {
            record = name + "." + n;
        }
        return record;
    }

    private static boolean taken(Path inbox, String record) {
        for (String folder : new String[] {"done", "failed"}) {
            if (Files.exists(inbox.resolve(folder).resolve(record), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || Files.exists(inbox.resolve(folder).resolve(record + ".reason.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String record = exchange.getMessage().getHeader(RECORD, name, String.class);
        String target = exchange.getMessage().getHeader(ROUTE, String.class);
        Reports.Outcome outcome;
        if (!Printable.isPlain(name)) {
            // it would reach log lines (the import names its file) and could forge one
            outcome = new Reports.Outcome(2, "not a request: a request's name must be printable text, without line breaks, "
                    + "control or bidi characters: " + Printable.quote(name) + "\nexit code 2\n");
        } else if (target == null) {
            outcome = new Reports.Outcome(2, "not a request: name a metadata file *.sqlite3 or *.sqlite3.zst, or a release request *.release\n"
                    + "exit code 2\n");
        } else {
            try (ProducerTemplate template = exchange.getContext().createProducerTemplate()) {
                outcome = Reports.outcome(template.send(target, e -> {
                    e.getMessage().setHeaders(new java.util.HashMap<>(exchange.getMessage().getHeaders()));
                    e.getMessage().setHeader(Headers.DRY_RUN, false);
                }));
            }
        }
        if (outcome.exitCode() == 0) {
            return;
        }
        String reason = outcome.text();
        Path failed = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class)).resolve("failed");
        Files.createDirectories(failed);
        Files.writeString(failed.resolve(record + ".reason.txt"), reason, StandardCharsets.UTF_8);
        throw new InboxRequestFailed(Printable.quote(name) + ": " + Printable.quote(reason.lines().findFirst().orElse("failed")));
    }

    /** Fails the inbox exchange so that its file moves to failed/. */
    static final class InboxRequestFailed extends Exception {
        InboxRequestFailed(String message) {
            super(message);
        }
    }
}
