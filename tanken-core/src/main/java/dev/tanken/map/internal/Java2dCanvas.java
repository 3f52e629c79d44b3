package dev.tanken.map.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/** Paints the map into a {@link BufferedImage} with Java2D (headless: no display needed). */
public final class Java2dCanvas implements Canvas {
    private final BufferedImage image;
    private final Graphics2D g;

    public Java2dCanvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    public BufferedImage finish() {
        g.dispose();
        return image;
    }

    @Override
    public void background(String colour) {
        g.setColor(Color.decode(colour));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
    }

    @Override
    public void path(List<double[]> subpaths, boolean closed, Style style, String cssClass) {
        Path2D.Double path = new Path2D.Double(Path2D.WIND_EVEN_ODD);
        for (double[] p : subpaths) {
            for (int i = 0; i < p.length; i += 2) {
                if (i == 0) {
                    path.moveTo(p[i], p[i + 1]);
                } else {
                    path.lineTo(p[i], p[i + 1]);
                }
            }
            if (closed) {
                path.closePath();
            }
        }
        paint(path, style, closed);
    }

    @Override
    public void circle(double cx, double cy, double r, Style style, String cssClass, String title) {
        paint(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r), style, true);
    }

    @Override
    public void text(double x, double y, String text, double size, boolean bold, String colour, String anchor,
            String cssClass) {
        Font font = new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, (int) Math.round(size));
        TextLayout layout = new TextLayout(text, font, g.getFontRenderContext());
        double width = layout.getAdvance();
        double left = switch (anchor) {
            case "middle" -> x - width / 2;
            case "end" -> x - width;
            default -> x;
        };
        Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(left, y));
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(outline);
        g.setColor(Color.decode(colour));
        g.fill(outline);
    }

    @Override
    public void beginGroup(String id, Map<String, String> attributes) {
        // Groups only structure the SVG.
    }

    @Override
    public void endGroup() {
        // Groups only structure the SVG.
    }

    private void paint(Shape shape, Style style, boolean fillable) {
        if (fillable && style.fill() != null) {
            Color c = Color.decode(style.fill());
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * style.fillOpacity())));
            g.fill(shape);
        }
        if (style.stroke() != null) {
            float[] dash = null;
            if (style.dash() != null) {
                String[] parts = style.dash().trim().split("[ ,]+");
                dash = new float[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    dash[i] = Float.parseFloat(parts[i]);
                }
            }
            g.setStroke(new BasicStroke((float) style.strokeWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
                    10f, dash, 0f));
            g.setColor(Color.decode(style.stroke()));
            g.draw(shape);
        }
    }
}
