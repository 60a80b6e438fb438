package io.streambot.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.inject.Inject;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.mockito.Mockito;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the goals' harness tests share. A goal's test is a {@code @MojoTest} class that extends this one
 * and injects its Mojo with {@code @InjectMojo(goal = "...", pom = DEFAULTS)} (or {@link #SHARED}); it
 * then checks, with the helpers here, the defaults against the generated descriptor, the shared AWS
 * block, {@code skip}, and that each core exception becomes a message naming the pom element and the fix.
 * A new goal needs one such class and, usually, no new project pom.
 */
abstract class MojoHarnessTest {
    /** A project that configures nothing. */
    static final String DEFAULTS = "src/test/projects/defaults/pom.xml";

    /** A project that sets the shared AWS block once, in the plugin's {@code <configuration>}. */
    static final String SHARED = "src/test/projects/shared/pom.xml";

    /** Every {@code streambot.*} property of every goal, as {@code -D} options. */
    static final Path COMMAND_LINE = Path.of("src/test/projects/command-line.properties");

    /** The build's session (the harness' own), whose user properties are what {@code -D} sets. */
    @Inject
    MavenSession session;

    /** Runs the next injection as if {@link #COMMAND_LINE} were given with {@code -D}: call it in a {@code @BeforeEach}. */
    void givenCommandLine() {
        Mockito.lenient().doReturn(commandLine()).when(session).getUserProperties();
    }

    static Properties commandLine() {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(COMMAND_LINE)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** What {@link #SHARED} sets, by parameter name. */
    static final Map<String, Object> SHARED_VALUES = Map.of(
            "region", "eu-west-1",
            "profile", "payments",
            "endpoint", "http://127.0.0.1:4566",
            "serverId", "aws-payments",
            "bucket", "payments-code",
            "prefix", "builds",
            "stackName", "orders",
            "primaryStackName", "streambot-payments",
            "deployPrimaryStack", true);

    /** The generated plugin descriptor: what the goal pages and Maven itself read. */
    static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");

    /** One parameter of a goal as the descriptor declares it. */
    record Parameter(
            String name, String type, boolean editable, String description, String property, String defaultValue) {}

    /** The goal's parameters, by name, from {@link #DESCRIPTOR}. */
    static Map<String, Parameter> parameters(String goal) {
        try {
            Element plugin = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(DESCRIPTOR.toFile())
                    .getDocumentElement();
            NodeList mojos = plugin.getElementsByTagName("mojo");
            for (int i = 0; i < mojos.getLength(); i++) {
                Element mojo = (Element) mojos.item(i);
                if (!goal.equals(text(mojo, "goal"))) {
                    continue;
                }
                Map<String, String[]> configuration = new LinkedHashMap<>();
                Element conf =
                        (Element) mojo.getElementsByTagName("configuration").item(0);
                for (int j = 0; conf != null && j < conf.getChildNodes().getLength(); j++) {
                    if (conf.getChildNodes().item(j) instanceof Element c) {
                        String expression = c.getTextContent().trim();
                        configuration.put(c.getTagName(), new String[] {
                            expression, c.hasAttribute("default-value") ? c.getAttribute("default-value") : null
                        });
                    }
                }
                Map<String, Parameter> result = new LinkedHashMap<>();
                Element params =
                        (Element) mojo.getElementsByTagName("parameters").item(0);
                NodeList list = params.getElementsByTagName("parameter");
                for (int j = 0; j < list.getLength(); j++) {
                    Element p = (Element) list.item(j);
                    String name = text(p, "name");
                    String[] c = configuration.getOrDefault(name, new String[] {"", null});
                    String property =
                            c[0].startsWith("${") && c[0].endsWith("}") ? c[0].substring(2, c[0].length() - 1) : null;
                    result.put(
                            name,
                            new Parameter(
                                    name,
                                    text(p, "type"),
                                    Boolean.parseBoolean(text(p, "editable")),
                                    text(p, "description"),
                                    property,
                                    c[1]));
                }
                return result;
            }
            throw new AssertionError("no goal " + goal + " in " + DESCRIPTOR);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + DESCRIPTOR, e);
        }
    }

    /** The goals of the plugin, from the descriptor. */
    static List<String> goals() {
        try {
            NodeList goals = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(DESCRIPTOR.toFile())
                    .getDocumentElement()
                    .getElementsByTagName("goal");
            List<String> result = new ArrayList<>();
            for (int i = 0; i < goals.getLength(); i++) {
                if (goals.item(i).getParentNode().getNodeName().equals("mojo")) {
                    result.add(goals.item(i).getTextContent().trim());
                }
            }
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + DESCRIPTOR, e);
        }
    }

    private static String text(Element e, String child) {
        NodeList nodes = e.getElementsByTagName(child);
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getParentNode() == e) {
                return nodes.item(i).getTextContent().trim();
            }
        }
        return null;
    }

    /** The value the Mojo got for a parameter (its field, declared by the goal or a superclass). */
    static Object value(Mojo mojo, String name) {
        for (Class<?> c = mojo.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(mojo);
            } catch (NoSuchFieldException e) {
                // declared higher up
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(mojo.getClass().getSimpleName() + " has no field " + name);
    }

    /** Sets a parameter as a test would on the command line, after injection. */
    static void set(Mojo mojo, String name, Object v) {
        for (Class<?> c = mojo.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(mojo, v);
                return;
            } catch (NoSuchFieldException e) {
                // declared higher up
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(mojo.getClass().getSimpleName() + " has no field " + name);
    }

    /**
     * Every parameter with a literal default got exactly that default when the pom configures nothing
     * (numbers and booleans compared as text, the way Maven converts them).
     */
    static void assertLiteralDefaults(Mojo mojo, String goal) {
        int checked = 0;
        for (Parameter p : parameters(goal).values()) {
            if (p.defaultValue() != null && !p.defaultValue().contains("${")) {
                assertThat(String.valueOf(value(mojo, p.name())))
                        .as("<%s> of %s defaults to %s", p.name(), goal, p.defaultValue())
                        .isEqualTo(p.defaultValue());
                checked++;
            }
        }
        assertThat(checked).as("literal defaults of %s", goal).isPositive();
    }

    /**
     * Each parameter of the goal that has a property read it from the command line of
     * {@link #givenCommandLine}, and {@link #COMMAND_LINE} sets them all: a new parameter fails here
     * until its property is added there.
     */
    static void assertCommandLineApplied(Mojo mojo, String goal) {
        Properties set = commandLine();
        int checked = 0;
        for (Parameter p : parameters(goal).values()) {
            if (p.property() == null || !p.property().startsWith("streambot.") || !p.editable()) {
                continue;
            }
            assertThat(set)
                    .as("%s sets %s (<%s> of %s)", COMMAND_LINE, p.property(), p.name(), goal)
                    .containsKey(p.property());
            String expected = set.getProperty(p.property());
            Object actual = value(mojo, p.name());
            if (actual instanceof File f) {
                assertThat(f.getName())
                        .as("<%s> from -D%s", p.name(), p.property())
                        .isEqualTo(expected);
            } else if (actual instanceof List<?> list) {
                List<Object> l = List.copyOf(list);
                assertThat(l).as("<%s> from -D%s", p.name(), p.property()).containsExactly((Object) expected);
            } else {
                assertThat(String.valueOf(actual))
                        .as("<%s> from -D%s", p.name(), p.property())
                        .isEqualTo(expected);
            }
            checked++;
        }
        assertThat(checked).as("properties of %s", goal).isPositive();
    }

    /** The shared AWS block of the plugin's configuration reached this goal. */
    static void assertSharedConfiguration(Mojo mojo) {
        SHARED_VALUES.forEach((name, expected) ->
                assertThat(value(mojo, name)).as("<%s>", name).isEqualTo(expected));
    }

    /** A Maven log that keeps what was written, to assert on exact lines. */
    static final class RecordingLog extends SystemStreamLog {
        final List<String> lines = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            lines.add("INFO " + content);
        }

        @Override
        public void warn(CharSequence content) {
            lines.add("WARN " + content);
        }

        @Override
        public void error(CharSequence content) {
            lines.add("ERROR " + content);
        }
    }

    /** Logs into a fresh {@link RecordingLog}. */
    static RecordingLog record(Mojo mojo) {
        RecordingLog log = new RecordingLog();
        mojo.setLog(log);
        return log;
    }
}
