package org.longplay.imports;

/** Value rules of the import, beyond presence and type. Each returns why a value breaks it, or null. */
public enum Check {
    NONE {
        @Override
        String violation(Object value) {
            return null;
        }
    },
    /** 22-character base62 identifier. */
    BASE62_ID {
        @Override
        String violation(Object value) {
            String id = (String) value;
            if (id.length() != 22) {
                return "is not a 22-character id (" + id.length() + " characters)";
            }
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                boolean base62 = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                if (!base62) {
                    return "is not base62 (character " + (i + 1) + ")";
                }
            }
            return null;
        }
    },
    POPULARITY {
        @Override
        String violation(Object value) {
            long popularity = (Long) value;
            return popularity < 0 || popularity > 100 ? "is outside 0..100" : null;
        }
    },
    NON_NEGATIVE {
        @Override
        String violation(Object value) {
            return (Long) value < 0 ? "is negative" : null;
        }
    };

    abstract String violation(Object value);
}
