package org.longplay.tags;

import java.util.Comparator;

/** Strings by Unicode code points (String.compareTo compares UTF-16 units, which differs above U+FFFF). */
public final class CodePointOrder implements Comparator<String> {
    public static final CodePointOrder INSTANCE = new CodePointOrder();

    private CodePointOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
