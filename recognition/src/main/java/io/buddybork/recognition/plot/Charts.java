package io.buddybork.recognition.plot;

import io.buddybork.recognition.model.PrCurve;
import io.buddybork.recognition.time.TimeOfDayModel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Draws the evaluation and time-model charts as PNG files. Stateless and thread-safe. */
public final class Charts {

    private Charts() {}

    /**
     * Confusion matrix heat map: cells coloured by the row-normalised rate (share of the true
     * class), annotated with counts; unknown is the last row and column.
     */
    public static void confusion(Path file, List<String> classes, int[][] counts, String title) throws IOException {
        int n = classes.size();
        int cell = Math.max(44, Math.min(90, 540 / n));
        int labelSpace = 150;
        Plot p = new Plot(
                labelSpace + n * cell + 140, 70 + n * cell + labelSpace - 40, labelSpace, 60, 140, labelSpace - 40);
        p.title(title);
        p.g.setFont(p.small);
        FontMetrics fm = p.g.getFontMetrics();
        for (int r = 0; r < n; r++) {
            int total = 0;
            for (int c = 0; c < n; c++) {
                total += counts[r][c];
            }
            for (int c = 0; c < n; c++) {
                double rate = total == 0 ? 0 : (double) counts[r][c] / total;
                int x = p.left + c * cell;
                int y = p.top + r * cell;
                p.g.setColor(blues(rate));
                p.g.fillRect(x, y, cell, cell);
                p.g.setColor(new Color(0xFFFFFF));
                p.g.drawRect(x, y, cell, cell);
                String s = Integer.toString(counts[r][c]);
                p.g.setColor(rate > 0.55 ? Color.WHITE : Plot.INK);
                p.g.drawString(s, x + (cell - fm.stringWidth(s)) / 2, y + cell / 2 + fm.getAscent() / 2 - 1);
            }
            String label = classes.get(r);
            p.g.setColor(Plot.INK);
            p.g.drawString(
                    label, p.left - 8 - fm.stringWidth(label), p.top + r * cell + cell / 2 + fm.getAscent() / 2 - 1);
        }
        for (int c = 0; c < n; c++) {
            String label = classes.get(c);
            int x = p.left + c * cell + cell / 2 + fm.getAscent() / 2 - 2;
            java.awt.geom.AffineTransform saved = p.g.getTransform();
            p.g.rotate(-Math.PI / 4, x, p.top + n * cell + 8);
            p.g.drawString(label, x - fm.stringWidth(label), p.top + n * cell + 8);
            p.g.setTransform(saved);
        }
        p.g.setFont(p.normal);
        p.g.drawString("predicted", p.left + n * cell / 2 - 30, p.top + n * cell + labelSpace - 50);
        p.verticalText("true", 20, p.top + n * cell / 2);
        // Colour scale.
        int sx = p.left + n * cell + 30;
        int sh = n * cell;
        for (int i = 0; i < sh; i++) {
            p.g.setColor(blues(1.0 - (double) i / sh));
            p.g.fillRect(sx, p.top + i, 18, 1);
        }
        p.g.setColor(Plot.INK);
        p.g.drawRect(sx, p.top, 18, sh);
        p.g.setFont(p.small);
        for (double t : new double[] {0, 0.25, 0.5, 0.75, 1}) {
            int y = p.top + (int) Math.round((1 - t) * sh);
            p.g.drawLine(sx + 18, y, sx + 22, y);
            p.g.drawString(String.format(Locale.ROOT, "%.0f%%", t * 100), sx + 25, y + 4);
        }
        p.verticalText("share of true class", sx + 80, p.top + sh / 2);
        p.save(file);
    }

    private static Color blues(double t) {
        t = Math.max(0, Math.min(1, t));
        Color lo = new Color(0xF7FBFF);
        Color mid = new Color(0x6BAED6);
        Color hi = new Color(0x08306B);
        return t < 0.5 ? mix(lo, mid, t * 2) : mix(mid, hi, (t - 0.5) * 2);
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    /**
     * Precision-recall curves, one per tag, with average precision in the legend and, when
     * {@code thresholds} is given, a dot at each tag's operating point.
     */
    public static void prCurves(Path file, List<String> tags, List<PrCurve> curves, double[] thresholds, String title)
            throws IOException {
        Plot p = new Plot(820, 620, 80, 50, 30, 70);
        p.title(title);
        double[] ticks = Plot.ticks(0, 1, 0.2);
        p.axes(
                0,
                1,
                ticks,
                v -> String.format(Locale.ROOT, "%.1f", v),
                "recall",
                0,
                1.05,
                ticks,
                v -> String.format(Locale.ROOT, "%.1f", v),
                "precision");
        List<String> labels = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        List<BasicStroke> strokes = new ArrayList<>();
        for (int t = 0; t < tags.size(); t++) {
            PrCurve c = curves.get(t);
            Color colour = Plot.PALETTE.get(t % Plot.PALETTE.size());
            BasicStroke stroke = Plot.lineStyle(t, 2.5f);
            p.g.setColor(colour);
            p.g.setStroke(stroke);
            Path2D.Double path = new Path2D.Double();
            // Step curve starting at recall 0 with the first point's precision.
            double prevR = 0;
            double prevP = c.precision().length > 0 ? c.precision()[0] : 1;
            path.moveTo(p.px(0, 0, 1), p.py(prevP, 0, 1.05));
            for (int i = 0; i < c.recall().length; i++) {
                path.lineTo(p.px(c.recall()[i], 0, 1), p.py(prevP, 0, 1.05));
                path.lineTo(p.px(c.recall()[i], 0, 1), p.py(c.precision()[i], 0, 1.05));
                prevR = c.recall()[i];
                prevP = c.precision()[i];
            }
            p.g.draw(path);
            if (thresholds != null) {
                int op = -1;
                for (int i = 0; i < c.thresholds().length; i++) {
                    if (c.thresholds()[i] >= thresholds[t]) {
                        op = i;
                    }
                }
                if (op >= 0) {
                    int x = p.px(c.recall()[op], 0, 1);
                    int y = p.py(c.precision()[op], 0, 1.05);
                    p.g.fillOval(x - 6, y - 6, 12, 12);
                    p.g.setColor(Color.WHITE);
                    p.g.setStroke(new BasicStroke(1.5f));
                    p.g.drawOval(x - 6, y - 6, 12, 12);
                }
            }
            labels.add(
                    String.format(Locale.ROOT, "%s (AP %.2f, n=%d)", tags.get(t), c.averagePrecision(), c.positives()));
            colours.add(colour);
            strokes.add(stroke);
        }
        p.legend(labels, colours, strokes, false, true);
        if (thresholds != null) {
            p.g.setFont(p.small);
            p.g.setColor(Plot.INK);
            p.g.drawString("dots: operating point of each tag's threshold", p.left + 8, p.top + p.height + 60);
        }
        p.save(file);
    }

    /** Time-of-day densities of all tags over the 24 h day, with tick marks at the observations. */
    public static void timeModels(
            Path file, Map<String, TimeOfDayModel> models, Map<String, double[]> hours, String title)
            throws IOException {
        Plot p = new Plot(900, 560, 80, 50, 30, 70);
        p.title(title);
        List<String> tags = new ArrayList<>(models.keySet());
        double max = 1.0 / 24;
        double[][] curves = new double[tags.size()][];
        for (int t = 0; t < tags.size(); t++) {
            curves[t] = new double[481];
            for (int i = 0; i <= 480; i++) {
                curves[t][i] = models.get(tags.get(t)).densityAtHour(Math.min(23.9999, i / 20.0));
                max = Math.max(max, curves[t][i]);
            }
        }
        double yMax = niceCeiling(max * 1.1);
        double yStep = yMax / 5;
        p.axes(
                0,
                24,
                Plot.ticks(0, 24, 3),
                v -> String.format(Locale.ROOT, "%02.0f:00", v),
                "local time of day",
                0,
                yMax,
                Plot.ticks(0, yMax, yStep),
                v -> String.format(Locale.ROOT, "%.2f", v),
                "density (per hour)");
        // Uniform reference.
        p.g.setColor(new Color(0x999999));
        p.g.setStroke(
                new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
        int uy = p.py(1.0 / 24, 0, yMax);
        p.g.drawLine(p.left, uy, p.left + p.width, uy);
        List<String> labels = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        for (int t = 0; t < tags.size(); t++) {
            Color colour = Plot.PALETTE.get(t % Plot.PALETTE.size());
            p.g.setColor(colour);
            p.g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double path = new Path2D.Double();
            for (int i = 0; i <= 480; i++) {
                int x = p.px(i / 20.0, 0, 24);
                int y = p.py(curves[t][i], 0, yMax);
                if (i == 0) {
                    path.moveTo(x, y);
                } else {
                    path.lineTo(x, y);
                }
            }
            p.g.draw(path);
            double[] h = hours.getOrDefault(tags.get(t), new double[0]);
            p.g.setStroke(new BasicStroke(1.5f));
            int rugY = p.top + p.height - 4 - 7 * t;
            for (double v : h) {
                int x = p.px(v, 0, 24);
                p.g.drawLine(x, rugY - 5, x, rugY);
            }
            labels.add(tags.get(t) + " (" + models.get(tags.get(t)).observations() + " events)");
            colours.add(colour);
        }
        labels.add("uniform (no preference)");
        colours.add(new Color(0x999999));
        p.legend(labels, colours, true, false);
        p.save(file);
    }

    private static double niceCeiling(double v) {
        double exp = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * exp >= v) {
                return m * exp;
            }
        }
        return 10 * exp;
    }
}
