package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every goal's descriptor promises, read from the generated {@code plugin.xml} (the goal pages
 * come from it): a goal added by anyone is checked here without a line of new test code.
 */
class GoalDescriptorTest {
    /** The AWS block every goal shares, with its one property each. */
    static final Map<String, String> SHARED = Map.of(
            "region", "streambot.region",
            "profile", "streambot.profile",
            "endpoint", "streambot.endpoint",
            "serverId", "streambot.serverId",
            "bucket", "streambot.bucket",
            "prefix", "streambot.prefix",
            "stackName", "streambot.stack",
            "primaryStackName", "streambot.primaryStackName",
            "deployPrimaryStack", "streambot.primaryStack",
            "providersFile", "streambot.providers.file");

    /** Simple values a user sets on the command line; maps and lists of objects have no property. */
    static final Set<String> SIMPLE = Set.of(
            "java.lang.String", "java.io.File", "boolean", "int", "long", "java.lang.Boolean", "java.lang.Integer");

    /**
     * The generator runs without a project and makes no AWS call; like {@code archetype:generate} and
     * {@code quarkus:create} it takes the new project's coordinates as {@code -DgroupId}, {@code -DartifactId},
     * {@code -Dpackage}, {@code -Dstarter}, {@code -DprojectVersion}.
     */
    static final String GENERATOR = "create";

    static final Set<String> GENERATOR_PROPERTIES =
            Set.of("groupId", "artifactId", "package", "starter", "projectVersion");

    static java.util.List<String> streambotGoals() {
        return MojoHarnessTest.goals().stream().filter(g -> !g.equals("help")).toList();
    }

    static java.util.List<String> awsGoals() {
        return streambotGoals().stream().filter(g -> !g.equals(GENERATOR)).toList();
    }

    @ParameterizedTest
    @MethodSource("streambotGoals")
    void everyGoalHasSkipWithItsOwnPropertyDefaultingToFalse(String goal) {
        MojoHarnessTest.Parameter skip = MojoHarnessTest.parameters(goal).get("skip");
        assertThat(skip).as("%s has <skip>", goal).isNotNull();
        assertThat(skip.property()).startsWith("streambot.").endsWith(".skip");
        assertThat(skip.defaultValue()).isEqualTo("false");
    }

    @ParameterizedTest
    @MethodSource("awsGoals")
    void everyGoalReadsTheSharedAwsBlockUnderTheSameProperties(String goal) {
        Map<String, MojoHarnessTest.Parameter> parameters = MojoHarnessTest.parameters(goal);
        SHARED.forEach((name, property) -> {
            assertThat(parameters).as("%s has <%s>", goal, name).containsKey(name);
            assertThat(parameters.get(name).property())
                    .as("<%s> of %s", name, goal)
                    .isEqualTo(property);
        });
    }

    @ParameterizedTest
    @MethodSource("streambotGoals")
    void everyParameterAUserSetsIsDocumentedAndSimpleOnesHaveAStreambotProperty(String goal) {
        for (MojoHarnessTest.Parameter p : MojoHarnessTest.parameters(goal).values()) {
            if (!p.editable()) {
                continue;
            }
            assertThat(p.description())
                    .as("javadoc of <%s> of %s", p.name(), goal)
                    .isNotBlank();
            boolean readsTheProject =
                    p.defaultValue() != null && p.defaultValue().startsWith("${project.");
            boolean generatorCoordinate = goal.equals(GENERATOR) && GENERATOR_PROPERTIES.contains(p.property());
            if (SIMPLE.contains(p.type()) && !readsTheProject && !generatorCoordinate) {
                assertThat(p.property())
                        .as("property of <%s> of %s", p.name(), goal)
                        .startsWith("streambot.");
            }
        }
    }
}
