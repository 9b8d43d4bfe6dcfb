package org.longplay.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CheckTest {

    @Test
    void anIdMustBe22Base62Characters() {
        assertNull(Check.BASE62_ID.violation("0OdUWJ0sBjDrqHygGUXeCF"));
        assertEquals("is not a 22-character id (21 characters)", Check.BASE62_ID.violation("0OdUWJ0sBjDrqHygGUXeC"));
        assertEquals("is not base62 (character 22)", Check.BASE62_ID.violation("0OdUWJ0sBjDrqHygGUXeC_"));
        assertEquals("is not base62 (character 1)", Check.BASE62_ID.violation("é0dUWJ0sBjDrqHygGUXeCF"));
    }

    @Test
    void popularityMustLieWithin0And100() {
        assertNull(Check.POPULARITY.violation(0L));
        assertNull(Check.POPULARITY.violation(100L));
        assertEquals("is outside 0..100", Check.POPULARITY.violation(101L));
        assertEquals("is outside 0..100", Check.POPULARITY.violation(-1L));
    }

    @Test
    void countsMustNotBeNegative() {
        assertNull(Check.NON_NEGATIVE.violation(0L));
        assertEquals("is negative", Check.NON_NEGATIVE.violation(-5L));
    }
}
