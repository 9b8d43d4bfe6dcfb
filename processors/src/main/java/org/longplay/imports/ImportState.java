package org.longplay.imports;

import java.util.HashMap;
import java.util.Map;

/** What one import carries from table to table: the rowids accepted so far, and the reject log. */
record ImportState(Map<String, RowidSet> parents, RejectLog rejects) {
    ImportState(RejectLog rejects) {
        this(new HashMap<>(), rejects);
    }
}
