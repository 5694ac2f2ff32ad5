package io.buddybork.bench.owner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the models page ({@code hub-server/src/main/resources/web/app/models.js}) sends to
 * {@code POST /api/v1/models} when an owner opens it, presses its two split presets ("Keep the last 20 % of
 * labelled days for testing", then "Use unlabelled sound as background"), keeps every tag
 * with annotations ticked (the page's default), leaves the options at their defaults (the page
 * sends only options that differ: none) and presses Train. The page itself preselects no day; the
 * presets are its only guidance. A port of {@code presetTest}, {@code presetBackground},
 * {@code request} and {@code splitProblem}, over the answers of {@code GET /api/v1/models/days}
 * and {@code GET /api/v1/tags}. Stateless.
 */
final class PagePresets {

    private PagePresets() {}

    /** How the page would use one day. */
    record Use(String use, boolean bg) {}

    /** The request body and the split it came from (day to use), or the page's refusal. */
    record Request(Map<String, Object> body, Map<String, Use> split, String problem) {}

    static Request request(String name, JsonNode days, JsonNode tags) {
        List<String> order = new ArrayList<>();
        Map<String, Long> annotated = new LinkedHashMap<>();
        for (JsonNode d : days) {
            String day = d.path("day").asText();
            order.add(day);
            long n = 0;
            for (JsonNode c : d.path("annotations")) {
                n += c.asLong();
            }
            annotated.put(day, n);
        }
        Map<String, Use> split = new LinkedHashMap<>();
        // presetTest
        List<String> withLabels =
                order.stream().filter(d -> annotated.get(d) > 0).toList();
        long nTest = Math.round(withLabels.size() * 0.2);
        for (int i = 0; i < withLabels.size(); i++) {
            String day = withLabels.get(i);
            split.put(
                    day,
                    new Use(
                            i >= withLabels.size() - nTest ? "test" : "train",
                            state(split, day).bg()));
        }
        // presetBackground
        String firstTest = order.stream()
                .filter(d -> state(split, d).use().equals("test"))
                .findFirst()
                .orElse(null);
        for (String day : order) {
            if (annotated.get(day) == 0) {
                split.put(day, new Use(firstTest != null && day.compareTo(firstTest) >= 0 ? "test" : "train", true));
            } else if (!state(split, day).use().equals("none")) {
                split.put(day, new Use(state(split, day).use(), true));
            }
        }
        // request()
        List<Long> tagIds = new ArrayList<>();
        for (JsonNode t : tags) {
            if (t.path("annotations").asLong() > 0) {
                tagIds.add(t.path("id").asLong());
            }
        }
        List<String> trainDays = new ArrayList<>();
        List<String> trainBg = new ArrayList<>();
        List<String> testDays = new ArrayList<>();
        List<String> testBg = new ArrayList<>();
        for (String day : order) {
            Use s = state(split, day);
            if (s.use().equals("train")) {
                trainDays.add(day);
            }
            if (s.use().equals("test")) {
                testDays.add(day);
            }
            if (s.bg()) {
                (s.use().equals("test") ? testBg : trainBg).add(day);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("tagIds", tagIds);
        body.put("train", Map.of("days", trainDays, "backgroundDays", trainBg));
        body.put("test", Map.of("days", testDays, "backgroundDays", testBg));
        body.put("options", Map.of());
        // splitProblem()
        String problem = null;
        if (tagIds.isEmpty()) {
            problem = "Choose at least one tag.";
        } else if (trainDays.isEmpty()) {
            problem = "Choose at least one training day.";
        } else if (trainBg.isEmpty()) {
            problem = "Mark at least one training-side day as background: thresholds are set on unannotated audio.";
        } else {
            List<Long> missing = new ArrayList<>();
            for (long id : tagIds) {
                boolean found = false;
                for (JsonNode d : days) {
                    if (trainDays.contains(d.path("day").asText())
                            && d.path("annotations").path(Long.toString(id)).asLong() > 0) {
                        found = true;
                    }
                }
                if (!found) {
                    missing.add(id);
                }
            }
            if (!missing.isEmpty()) {
                problem = "No training examples of tag ids " + missing
                        + ": add a day where they occur or leave them out.";
            }
        }
        return new Request(body, split, problem);
    }

    private static Use state(Map<String, Use> split, String day) {
        return split.getOrDefault(day, new Use("none", false));
    }
}
