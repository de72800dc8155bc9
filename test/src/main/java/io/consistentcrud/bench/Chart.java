package io.consistentcrud.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A PNG of the p50 latency ratios against the naive peer: one panel per engine mode, one bar group per operation. */
final class Chart {
    private static final Color[] COLORS = {new Color(0x9e9e9e), new Color(0xf4a261), new Color(0x2a9d8f),
            new Color(0x264653)};
    private static final int PANEL_W = 900;
    private static final int PANEL_H = 320;

    private Chart() {
    }

    static void write(Path file, List<Contender> contenders, List<Latency> panels, List<String> titles)
            throws IOException {
        int height = 40 + panels.size() * (PANEL_H + 40) + 40;
        BufferedImage image = new BufferedImage(PANEL_W, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, PANEL_W, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("p50 latency as a multiple of the naive SDK peer (same run; lower is better)", 20, 25);
        List<Contender> others = contenders.subList(1, contenders.size());
        for (int p = 0; p < panels.size(); p++) {
            panel(g, 40 + p * (PANEL_H + 40), panels.get(p), titles.get(p), contenders.get(0).label(), others);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = 20;
        int y = height - 18;
        for (int i = 0; i < others.size(); i++) {
            g.setColor(COLORS[i % COLORS.length]);
            g.fillRect(x, y - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(others.get(i).label(), x + 16, y);
            x += 30 + g.getFontMetrics().stringWidth(others.get(i).label());
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, int top, Latency latency, String title, String naive,
                              List<Contender> others) {
        int left = 50;
        int bottom = top + PANEL_H - 30;
        int plotTop = top + 25;
        double max = 1.5;
        for (String op : Latency.OPERATIONS) {
            for (Contender c : others) {
                max = Math.max(max, latency.p50Ratio(op, c.label(), naive));
            }
        }
        max = Math.ceil(max);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, left, top + 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        double scale = (bottom - plotTop) / max;
        for (int tick = 0; tick <= max; tick++) {
            int y = (int) (bottom - tick * scale);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left, y, PANEL_W - 20, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(tick + "×", left - 25, y + 4);
        }
        int groupW = (PANEL_W - left - 30) / Latency.OPERATIONS.size();
        int barW = (groupW - 16) / others.size();
        for (int o = 0; o < Latency.OPERATIONS.size(); o++) {
            String op = Latency.OPERATIONS.get(o);
            int gx = left + 8 + o * groupW;
            for (int i = 0; i < others.size(); i++) {
                double r = latency.p50Ratio(op, others.get(i).label(), naive);
                int h = (int) (r * scale);
                g.setColor(COLORS[i % COLORS.length]);
                g.fillRect(gx + i * barW, bottom - h, barW - 2, h);
                g.setColor(Color.DARK_GRAY);
                String label = String.format(Locale.ROOT, "%.1f", r);
                g.drawString(label, gx + i * barW, bottom - h - 2);
            }
            g.setColor(Color.BLACK);
            g.drawString(op.replace(" (2 items)", " (2)"), gx, bottom + 15);
        }
        g.setColor(new Color(0xc0392b));
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        int y = (int) (bottom - 1.10 * scale);
        g.drawLine(left, y, PANEL_W - 20, y);
        g.drawString("1.10× target", PANEL_W - 100, y - 3);
        g.setStroke(new BasicStroke(1));
    }
}
