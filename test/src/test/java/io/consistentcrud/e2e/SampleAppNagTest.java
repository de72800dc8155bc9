package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.sample.SampleApp;
import io.consistentcrud.sample.SampleStack;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * The sample app under cdk-nag's AwsSolutions and Serverless packs: no unsuppressed error or warning. The
 * construct suppresses the findings that do not apply itself, each on its resource with a reason; with
 * {@code logIgnores} the packs report every suppression they honoured, which proves they ran.
 */
class SampleAppNagTest {
    private static final String NAG_RULE = "(AwsSolutions|Serverless)-.*";
    private static Annotations annotations;

    @BeforeAll
    static void synthWithNagPacks() {
        App app = new App();
        SampleStack stack = new SampleStack(app, SampleApp.STACK_NAME, StackProps.builder().build());
        NagPackProps nag = NagPackProps.builder().verbose(true).logIgnores(true).build();
        Aspects.of(app).add(new AwsSolutionsChecks(nag));
        Aspects.of(app).add(new ServerlessChecks(nag));
        annotations = Annotations.fromStack(stack);
    }

    @Test
    void awsSolutionsAndServerlessPacks_reportNoUnsuppressedErrorOrWarning() {
        List<String> findings = new ArrayList<>();
        for (SynthesisMessage m : annotations.findError("*", Match.stringLikeRegexp(NAG_RULE))) {
            findings.add("ERROR " + m.getId() + ": " + m.getEntry().getData());
        }
        for (SynthesisMessage m : annotations.findWarning("*", Match.stringLikeRegexp(NAG_RULE))) {
            findings.add("WARNING " + m.getId() + ": " + m.getEntry().getData());
        }
        assertThat(findings).isEmpty();
    }

    @Test
    void control_thePacksRanAndHonouredTheConstructsNarrowSuppressions() {
        List<String> ignored = new ArrayList<>();
        for (SynthesisMessage m : annotations.findInfo("*", Match.stringLikeRegexp(NAG_RULE))) {
            ignored.add(m.getId() + " " + m.getEntry().getData());
        }
        assertThat(ignored).anySatisfy(s -> assertThat(s).contains("AwsSolutions-IAM5").contains("FunctionRole"));
        assertThat(ignored).anySatisfy(s -> assertThat(s).contains("Serverless-LambdaDLQ"));
    }
}
