package io.consistentcrud.cdk.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A shortest line edit script (Myers' O((N+M)D) algorithm, "An O(ND) Difference Algorithm and Its Variations", 1986)
 * and its unified rendering, for {@link TemplateSnapshot}'s failure messages.
 *
 * <p>Hand-written rather than a diff library because this class ships in the construct jar, on every consumer's CDK
 * app classpath: about a hundred lines here against a dependency there. The common beginning and end are trimmed
 * first, so the work is proportional to the differing region; an edit distance above {@link #MAX_EDIT_DISTANCE}
 * (templates that share almost nothing) is rendered as one replacement instead of searched further, which bounds
 * memory to {@code O(MAX_EDIT_DISTANCE^2)} ints.
 */
final class LineDiff {
    /** Beyond this many differing lines, the region is one replacement (bounds time and memory). */
    static final int MAX_EDIT_DISTANCE = 2_000;

    private LineDiff() {
    }

    /** One line of the script: {@code ' '} kept, {@code '-'} only in the first text, {@code '+'} only in the second. */
    record Line(char op, String text, int oldIndex, int newIndex) {
    }

    /** The edit script turning {@code a} into {@code b}, every line of both in order. */
    static List<Line> script(String[] a, String[] b) {
        int start = 0;
        while (start < a.length && start < b.length && a[start].equals(b[start])) {
            start++;
        }
        int endA = a.length;
        int endB = b.length;
        while (endA > start && endB > start && a[endA - 1].equals(b[endB - 1])) {
            endA--;
            endB--;
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < start; i++) {
            out.add(new Line(' ', a[i], i, i));
        }
        out.addAll(middle(a, b, start, endA, endB));
        for (int i = endA, j = endB; i < a.length; i++, j++) {
            out.add(new Line(' ', a[i], i, j));
        }
        return out;
    }

    /** Myers' greedy forward search over a[start, endA) and b[start, endB), then the backtrack through its trace. */
    private static List<Line> middle(String[] a, String[] b, int start, int endA, int endB) {
        int n = endA - start;
        int m = endB - start;
        int max = Math.min(n + m, MAX_EDIT_DISTANCE);
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= max; d++) {
            // v as it stood after round d-1, for diagonals -d..d: all the backtrack of round d needs.
            trace.add(Arrays.copyOfRange(v, offset - d, offset + d + 1));
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                        ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[start + x].equals(b[start + y])) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return backtrack(trace, a, b, start, n, m);
                }
            }
        }
        return replacement(a, b, start, endA, endB);
    }

    private static List<Line> backtrack(List<int[]> trace, String[] a, String[] b, int start, int n, int m) {
        List<Line> reversed = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = trace.size() - 1; d > 0; d--) {
            int[] v = trace.get(d);
            int k = x - y;
            int prevK = k == -d || (k != d && v[k - 1 + d] < v[k + 1 + d]) ? k + 1 : k - 1;
            int prevX = v[prevK + d];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                x--;
                y--;
                reversed.add(new Line(' ', a[start + x], start + x, start + y));
            }
            if (x == prevX) {
                y--;
                reversed.add(new Line('+', b[start + y], start + x, start + y));
            } else {
                x--;
                reversed.add(new Line('-', a[start + x], start + x, start + y));
            }
        }
        while (x > 0 && y > 0) {
            x--;
            y--;
            reversed.add(new Line(' ', a[start + x], start + x, start + y));
        }
        Collections.reverse(reversed);
        return reversed;
    }

    private static List<Line> replacement(String[] a, String[] b, int start, int endA, int endB) {
        List<Line> out = new ArrayList<>();
        for (int i = start; i < endA; i++) {
            out.add(new Line('-', a[i], i, start));
        }
        for (int j = start; j < endB; j++) {
            out.add(new Line('+', b[j], endA, j));
        }
        return out;
    }

    /**
     * The script as unified hunks with {@code context} lines around each change (hunks closer than twice that
     * merge), at most {@code maxLines} lines of hunks; the hunks that do not fit are counted on a last line.
     */
    static String unified(List<Line> script, int context, int maxLines) {
        List<int[]> hunks = new ArrayList<>();
        int i = 0;
        while (i < script.size()) {
            if (script.get(i).op() == ' ') {
                i++;
                continue;
            }
            int from = Math.max(0, i - context);
            int lastChange = i;
            int j = i;
            while (j < script.size() && j - lastChange <= 2 * context) {
                if (script.get(j).op() != ' ') {
                    lastChange = j;
                }
                j++;
            }
            int to = Math.min(script.size(), lastChange + context + 1);
            if (!hunks.isEmpty() && from <= hunks.get(hunks.size() - 1)[1]) {
                hunks.get(hunks.size() - 1)[1] = to;
            } else {
                hunks.add(new int[] {from, to});
            }
            i = to;
        }
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int h = 0; h < hunks.size(); h++) {
            int from = hunks.get(h)[0];
            int to = hunks.get(h)[1];
            if (shown > 0 && shown + (to - from) + 1 > maxLines) {
                int removed = 0;
                int added = 0;
                for (int[] rest : hunks.subList(h, hunks.size())) {
                    for (Line line : script.subList(rest[0], rest[1])) {
                        removed += line.op() == '-' ? 1 : 0;
                        added += line.op() == '+' ? 1 : 0;
                    }
                }
                int left = hunks.size() - h;
                out.append("... ").append(left).append(left == 1 ? " more hunk (" : " more hunks (")
                        .append(removed).append(" lines removed, ").append(added).append(" added) not shown\n");
                break;
            }
            out.append(header(script.subList(from, to)));
            for (Line line : script.subList(from, to)) {
                out.append(line.op()).append(line.text()).append('\n');
            }
            shown += to - from + 1;
        }
        return out.toString();
    }

    private static String header(List<Line> hunk) {
        int oldCount = 0;
        int newCount = 0;
        for (Line line : hunk) {
            oldCount += line.op() != '+' ? 1 : 0;
            newCount += line.op() != '-' ? 1 : 0;
        }
        Line first = hunk.get(0);
        return "@@ -" + (first.oldIndex() + 1) + ',' + oldCount + " +" + (first.newIndex() + 1) + ',' + newCount
                + " @@\n";
    }
}
