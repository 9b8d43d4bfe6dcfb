package org.longplay.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlanSettingsTest {

    private static void refused(String property, Runnable settings) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, settings::run);
        assertTrue(e.getMessage().startsWith(property + " must be"), e.getMessage());
    }

    @Test
    void settingsPlanningCannotUseAreRefusedNamingTheirProperty() {
        refused("longplay.plan.batch-size", () -> new PlanSettings(0.351, 75, 160, 0));
        refused("longplay.plan.reencode-kbit", () -> new PlanSettings(0.351, 0, 160, 50_000));
        refused("longplay.plan.original-kbit", () -> new PlanSettings(0.351, 75, -1, 50_000));
        refused("longplay.plan.priority-threshold", () -> new PlanSettings(Double.NaN, 75, 160, 50_000));
    }

    @Test
    void theThresholdReachesTheSqlAsExactlyTheConfiguredDouble() {
        assertEquals("CAST(0.351E0 AS DOUBLE PRECISION)", PlanTerms.doublePrecision(0.351));
        assertEquals("CAST(1.0E-4 AS DOUBLE PRECISION)", PlanTerms.doublePrecision(0.0001));
        assertEquals("CAST(-2.5E0 AS DOUBLE PRECISION)", PlanTerms.doublePrecision(-2.5));
    }
}
