package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Executable;
import java.util.List;
import java.util.Optional;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.plugin.Mojo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What every goal's harness test checks, written once: each parameter's documented default, the plugin's
 * shared configuration, each parameter's {@code -D} property, and {@code skip}'s one line. A goal's test
 * class ({@code @MojoTest}) extends this one and names its goal and its skip line; these
 * tests then run for that goal, with its Mojo injected as {@code @InjectMojo(goal = goal())} would. The
 * class adds only what is particular to its goal.
 */
@ExtendWith(GoalContractTest.GoalMojoResolver.class)
abstract class GoalContractTest extends MojoHarnessTest {

    private final String goal;
    private final String skipLine;

    /**
     * @param goal the goal under test, as in {@code streambot:GOAL}
     * @param skipLine the exact line {@code skip} logs
     */
    GoalContractTest(String goal, String skipLine) {
        this.goal = goal;
        this.skipLine = skipLine;
    }

    /** The goal under test. */
    final String goal() {
        return goal;
    }

    @Test
    void everyParameterHasItsDocumentedDefault(@GoalMojo(pom = DEFAULTS) Mojo mojo) {
        assertLiteralDefaults(mojo, goal());
    }

    @Test
    void thePluginsSharedConfigurationReachesTheGoal(@GoalMojo(pom = SHARED) Mojo mojo) {
        assertSharedConfiguration(mojo);
    }

    @Nested
    class FromTheCommandLine {
        @BeforeEach
        void minusD() {
            givenCommandLine();
        }

        @Test
        void eachParameterReadsItsProperty(@GoalMojo(pom = DEFAULTS) Mojo mojo) {
            assertCommandLineApplied(mojo, goal());
        }
    }

    @Test
    @MojoParameter(name = "skip", value = "true")
    void skipStopsBeforeAnythingWithOneLine(@GoalMojo(pom = DEFAULTS) Mojo mojo) throws Exception {
        RecordingLog log = record(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly(skipLine);
    }

    /** Injects the Mojo of the test class's {@link #goal()}, configured by {@code pom}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface GoalMojo {
        String pom();
    }

    /**
     * Resolves a {@link GoalMojo} parameter through the harness' own {@link MojoExtension} (which keeps its
     * state in the extension context, so a fresh instance serves), as if it carried {@code @InjectMojo} with
     * the goal of the running {@link GoalContractTest}.
     */
    static final class GoalMojoResolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.isAnnotated(GoalMojo.class)
                    && Mojo.class.isAssignableFrom(parameter.getParameter().getType());
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            GoalContractTest test = context.getRequiredTestInstances().getAllInstances().stream()
                    .filter(GoalContractTest.class::isInstance)
                    .map(GoalContractTest.class::cast)
                    .findFirst()
                    .orElseThrow();
            String pom = parameter.findAnnotation(GoalMojo.class).orElseThrow().pom();
            return new MojoExtension().resolveParameter(injecting(parameter, test.goal(), pom), context);
        }

        private static ParameterContext injecting(ParameterContext parameter, String goal, String pom) {
            InjectMojo inject = new InjectMojo() {
                @Override
                public String goal() {
                    return goal;
                }

                @Override
                public String pom() {
                    return pom;
                }

                @Override
                public Class<? extends Annotation> annotationType() {
                    return InjectMojo.class;
                }
            };
            return new ParameterContext() {
                @Override
                public java.lang.reflect.Parameter getParameter() {
                    return parameter.getParameter();
                }

                @Override
                public int getIndex() {
                    return parameter.getIndex();
                }

                @Override
                public Optional<Object> getTarget() {
                    return parameter.getTarget();
                }

                @Override
                public Executable getDeclaringExecutable() {
                    return parameter.getDeclaringExecutable();
                }

                @Override
                public boolean isAnnotated(Class<? extends Annotation> type) {
                    return type == InjectMojo.class || parameter.isAnnotated(type);
                }

                @Override
                public <A extends Annotation> Optional<A> findAnnotation(Class<A> type) {
                    return type == InjectMojo.class ? Optional.of(type.cast(inject)) : parameter.findAnnotation(type);
                }

                @Override
                public <A extends Annotation> List<A> findRepeatableAnnotations(Class<A> type) {
                    return parameter.findRepeatableAnnotations(type);
                }
            };
        }
    }
}
