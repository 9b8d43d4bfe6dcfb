package org.longplay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.longplay.common.Report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The inbox's one step of work: sends the request to the route named by {@code LongplayInboxRoute} in an
 * exchange of its own (so the stage's error handling cannot end the inbox route early), then lets a good
 * request move to {@code done/}; a failed or unknown one gets {@code failed/<name>.reason.txt} (the
 * stage's report and error) and fails the inbox exchange, so the file moves to {@code failed/}.
 */
public class InboxRequestProcessor implements Processor {
    public static final String ROUTE = "LongplayInboxRoute";

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String target = exchange.getMessage().getHeader(ROUTE, String.class);
        StringBuilder reason = new StringBuilder();
        int code;
        if (target == null) {
            reason.append("not a request: name a metadata file *.sqlite3 or *.sqlite3.zst, or a release request *.release\n");
            code = 2;
        } else {
            Exchange done;
            try (ProducerTemplate template = exchange.getContext().createProducerTemplate()) {
                done = template.send(target, e -> {
                    e.getMessage().setHeaders(new java.util.HashMap<>(exchange.getMessage().getHeaders()));
                    e.getMessage().setHeader(Headers.DRY_RUN, false);
                });
            }
            Integer exit = done.getMessage().getHeader(Headers.EXIT_CODE, Integer.class);
            code = exit == null ? 0 : exit;
            Exception failure = done.getException() != null ? done.getException() : done.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            if (failure != null) {
                reason.append(failure.getMessage()).append('\n');
                code = code == 0 ? 1 : code;
            }
            for (Object r : Reports.all(done)) {
                reason.append(r instanceof Report report ? report.render() : String.valueOf(r));
            }
        }
        if (code == 0) {
            return;
        }
        reason.append("exit code ").append(code).append('\n');
        Path failed = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class)).resolve("failed");
        Files.createDirectories(failed);
        Files.writeString(failed.resolve(name + ".reason.txt"), reason, StandardCharsets.UTF_8);
        throw new InboxRequestFailed(name + ": " + reason.toString().lines().findFirst().orElse("failed"));
    }

    /** Fails the inbox exchange so that its file moves to failed/. */
    static final class InboxRequestFailed extends Exception {
        InboxRequestFailed(String message) {
            super(message);
        }
    }
}
