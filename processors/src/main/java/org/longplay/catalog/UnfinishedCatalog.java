package org.longplay.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded HSQLDB catalogue whose creation was killed half-way. HSQLDB writes {@code <name>.properties}
 * first and {@code <name>.script} before it hands out its first connection; a process killed in between
 * leaves a database that can never open again ("longplay.script (No such file or directory)"), although
 * it holds nothing. Such files are moved aside into {@code <folder>/unfinished-<millis>/}, so that the
 * next run creates the catalogue afresh; a database with anything in it is never touched.
 */
public final class UnfinishedCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedCatalog.class);
    private static final String FILE_URL = "jdbc:hsqldb:file:";

    private UnfinishedCatalog() {
    }

    /**
     * Moves aside the files of the HSQLDB file database at {@code jdbcUrl} when its creation never finished
     * (a {@code .properties} file, but no {@code .script}, {@code .script.new} or {@code .data}, and no
     * logged statement); returns whether it did. Other URLs and databases are left alone.
     */
    public static boolean setAside(String jdbcUrl) throws IOException {
        if (jdbcUrl == null || !jdbcUrl.startsWith(FILE_URL)) {
            return false;
        }
        String location = jdbcUrl.substring(FILE_URL.length());
        int options = location.indexOf(';');
        Path base = Path.of(options < 0 ? location : location.substring(0, options)).toAbsolutePath();
        Path folder = base.getParent();
        String name = base.getFileName().toString();
        Path log = folder.resolve(name + ".log");
        boolean unfinished = Files.exists(folder.resolve(name + ".properties"))
                && !Files.exists(folder.resolve(name + ".script"))
                && !Files.exists(folder.resolve(name + ".script.new"))
                && !Files.exists(folder.resolve(name + ".data"))
                && (!Files.exists(log) || Files.size(log) == 0);
        if (!unfinished) {
            return false;
        }
        Path aside = Files.createDirectories(folder.resolve("unfinished-" + System.currentTimeMillis()));
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            list.filter(p -> p.getFileName().toString().startsWith(name + ".")).forEach(files::add);
        }
        for (Path file : files) {
            Files.move(file, aside.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        LOG.warn("the catalogue at {} was never finished (its creation was interrupted: no {}.script); its files are "
                + "moved to {} and a new one is created", base, name, aside);
        return true;
    }
}
