package io.consistentcrud.cdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The edit script keeps every line of both texts, in order, and is no longer than the naive one. */
class LineDiffTest {
    private static String[] randomLines(Random random, int count) {
        String[] lines = new String[count];
        for (int i = 0; i < count; i++) {
            lines[i] = "l" + random.nextInt(8);
        }
        return lines;
    }

    private static void assertRebuildsBoth(String[] a, String[] b) {
        List<LineDiff.Line> script = LineDiff.script(a, b);
        List<String> old = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (LineDiff.Line line : script) {
            if (line.op() != '+') {
                old.add(line.text());
            }
            if (line.op() != '-') {
                updated.add(line.text());
            }
        }
        assertThat(old).containsExactly(a);
        assertThat(updated).containsExactly(b);
    }

    @Test
    void diff_theScriptRebuildsBothTexts_onRandomTexts() {
        Random random = new Random(22);
        for (int round = 0; round < 300; round++) {
            assertRebuildsBoth(randomLines(random, random.nextInt(40)), randomLines(random, random.nextInt(40)));
        }
    }

    @Test
    void diff_aSingleChangedLine_isOneRemovalAndOneAddition() {
        List<LineDiff.Line> script = LineDiff.script(new String[] {"a", "b", "c"}, new String[] {"a", "B", "c"});
        assertThat(script).extracting(LineDiff.Line::op).containsExactly(' ', '-', '+', ' ');
    }

    @Test
    void diff_beyondTheEditDistanceBound_isOneReplacement() {
        int count = LineDiff.MAX_EDIT_DISTANCE;
        String[] a = new String[count];
        String[] b = new String[count];
        for (int i = 0; i < count; i++) {
            a[i] = "a" + i;
            b[i] = "b" + i;
        }
        assertRebuildsBoth(a, b);
        assertThat(LineDiff.script(a, b)).extracting(LineDiff.Line::op).containsOnly('-', '+');
    }
}
