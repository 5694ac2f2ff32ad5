package io.buddybork.recognition.plot;

import io.buddybork.model.storage.DurableFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;

/**
 * A Java2D canvas with a plot area, titled axes, ticks and a legend, for the charts in this
 * package. Not thread-safe: one instance draws one image.
 */
final class Plot {

    /** Tableau-10 colours: distinguishable, colour-blind friendlier than the AWT defaults. */
    static final List<Color> PALETTE = List.of(
            new Color(0x4E79A7),
            new Color(0xF28E2B),
            new Color(0xE15759),
            new Color(0x76B7B2),
            new Color(0x59A14F),
            new Color(0xEDC948),
            new Color(0xB07AA1),
            new Color(0xFF9DA7),
            new Color(0x9C755F),
            new Color(0xBAB0AC));

    static final Color GRID = new Color(0xE6E6E6);
    static final Color INK = new Color(0x333333);

    final BufferedImage image;
    final Graphics2D g;
    final int left;
    final int top;
    final int width;
    final int height;
    final Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    final Font normal = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    final Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 16);

    Plot(int imageWidth, int imageHeight, int left, int top, int right, int bottom) {
        System.setProperty("java.awt.headless", "true");
        this.image = new BufferedImage(imageWidth, imageHeight, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, imageWidth, imageHeight);
        this.left = left;
        this.top = top;
        this.width = imageWidth - left - right;
        this.height = imageHeight - top - bottom;
    }

    void title(String text) {
        g.setFont(bold);
        g.setColor(INK);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (image.getWidth() - fm.stringWidth(text)) / 2, 28);
    }

    /** Draws the frame, grid, ticks and axis titles of a numeric x/y plot. */
    void axes(
            double x0,
            double x1,
            double[] xTicks,
            DoubleFunction<String> xLabel,
            String xTitle,
            double y0,
            double y1,
            double[] yTicks,
            DoubleFunction<String> yLabel,
            String yTitle) {
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (double t : xTicks) {
            int x = px(t, x0, x1);
            g.setColor(GRID);
            g.drawLine(x, top, x, top + height);
            g.setColor(INK);
            g.drawLine(x, top + height, x, top + height + 5);
            String s = xLabel.apply(t);
            g.drawString(s, x - fm.stringWidth(s) / 2, top + height + 20);
        }
        for (double t : yTicks) {
            int y = py(t, y0, y1);
            g.setColor(GRID);
            g.drawLine(left, y, left + width, y);
            g.setColor(INK);
            g.drawLine(left - 5, y, left, y);
            String s = yLabel.apply(t);
            g.drawString(s, left - 9 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        g.setColor(INK);
        g.drawRect(left, top, width, height);
        g.setFont(normal);
        fm = g.getFontMetrics();
        g.drawString(xTitle, left + (width - fm.stringWidth(xTitle)) / 2, top + height + 44);
        verticalText(yTitle, left - 52, top + height / 2);
    }

    void verticalText(String text, int x, int centreY) {
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2, x, centreY);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, x - fm.stringWidth(text) / 2, centreY);
        g.setTransform(saved);
    }

    int px(double v, double v0, double v1) {
        return left + (int) Math.round((v - v0) / (v1 - v0) * width);
    }

    int py(double v, double v0, double v1) {
        return top + height - (int) Math.round((v - v0) / (v1 - v0) * height);
    }

    /** Line styles that keep overlapping curves distinguishable: solid, dashed, dotted, dash-dot. */
    static BasicStroke lineStyle(int i, float width) {
        float[][] dashes = {null, {10f, 6f}, {2f, 5f}, {12f, 5f, 2f, 5f}};
        float[] dash = dashes[i % dashes.length];
        return dash == null
                ? new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    /** Legend box in the given corner of the plot area. */
    void legend(List<String> labels, List<Color> colours, boolean right, boolean bottom) {
        legend(labels, colours, null, right, bottom);
    }

    /** Legend box with per-entry line styles ({@code null} = solid). */
    void legend(List<String> labels, List<Color> colours, List<BasicStroke> strokes, boolean right, boolean bottom) {
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        int w = 0;
        for (String l : labels) {
            w = Math.max(w, fm.stringWidth(l));
        }
        int boxW = w + 44;
        int boxH = labels.size() * 18 + 10;
        int x = right ? left + width - boxW - 10 : left + 10;
        int y = bottom ? top + height - boxH - 10 : top + 10;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(x, y, boxW, boxH);
        g.setColor(new Color(0xBBBBBB));
        g.drawRect(x, y, boxW, boxH);
        for (int i = 0; i < labels.size(); i++) {
            int ly = y + 16 + i * 18;
            g.setColor(colours.get(i));
            g.setStroke(strokes == null || strokes.get(i) == null ? new BasicStroke(3f) : strokes.get(i));
            g.drawLine(x + 8, ly - 4, x + 30, ly - 4);
            g.setColor(INK);
            g.drawString(labels.get(i), x + 36, ly);
        }
    }

    static double[] ticks(double from, double to, double step) {
        int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i * step;
        }
        return t;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v);
    }

    /** Encodes as PNG and writes durably. */
    void save(Path file) throws IOException {
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        DurableFiles.write(file, out.toByteArray());
    }
}
