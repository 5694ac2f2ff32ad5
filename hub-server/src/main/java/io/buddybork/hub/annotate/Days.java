package io.buddybork.hub.annotate;

import io.buddybork.hub.problem.ProblemException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Parses the {@code YYYY-MM-DD} day parameters (days of the hub's time zone) with clear 400 problems. */
public final class Days {
    private Days() {}

    /** {@code text} as a date, or a 400 problem naming {@code param}. */
    public static LocalDate parse(String param, String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("missing-" + param, param + " (YYYY-MM-DD) is required");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(
                    "bad-" + param, param + " must be a date like 2026-11-24, got '" + text + "'");
        }
    }
}
